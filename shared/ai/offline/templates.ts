// Reply drafts of the offline analyzer: one reviewed template per category in each of the nine
// languages, personalised with the customer's first name and the enrichment facts. Policy
// (docs/architecture.md#invariants): drafts never promise refunds, amounts or dates — refund drafts hand over to a colleague and
// explain that App Store / Google Play refunds are decided by Apple / Google.
import type { Category, EnrichmentFacts, Language } from '../../domain.js';

export interface DraftContext {
  language: Language;
  category: Category;
  firstName?: string;
  enrichment: EnrichmentFacts | null;
  /** Sub-intents the analyzer found (e.g. the customer asks how to cancel). */
  concepts: string[];
}

type Platform = 'ios' | 'android' | 'web';

interface LanguagePack {
  hello: (name?: string) => string;
  body: Record<Category, string>;
  /** "We can already see a recent error in your iOS app ("…")."; `where` includes its preposition.
   * No date: a draft names no dates at all (the promise guard would rightly flag one). */
  errorSeen: (where: string, title: string) => string;
  /** "in your iOS app", with the preposition each language needs. */
  platform: Record<Platform, string>;
  /** "in the app", when the platform is unknown. */
  app: string;
  planNote: (plan: string) => string;
  plans: Record<'free' | 'premium-monthly' | 'premium-yearly', string>;
  storeNote: Partial<Record<Platform, string>> & { any: string };
  cancelSteps: Record<Platform, string>;
  cancelIntro: string;
  bugDetails: string;
  signoff: string;
}

const SIGNATURE = 'Studyflash Support';

const PACKS: Record<Language, LanguagePack> = {
  en: {
    hello: (n) => (n ? `Hi ${n},` : 'Hello,'),
    body: {
      'bug-report': 'Thank you for letting us know, and sorry for the trouble. We have passed your report on to our technical team, who will look into it.',
      'refund-request': 'Thank you for your message. We have passed your request on to a colleague from our billing team, who will review it and get back to you personally.',
      'product-question': 'Thank you for your question. A colleague from our team will get back to you with a detailed answer.',
      other: 'Thank you for getting in touch. We have forwarded your message to the right colleague, who will get back to you if needed.',
    },
    errorSeen: (where, title) => `We can already see a recent error ${where} ("${title}"), which helps us a lot.`,
    platform: { ios: 'in your iOS app', android: 'in your Android app', web: 'in the web version' },
    app: 'in the app',
    planNote: (plan) => `We can see that your account is on the ${plan} plan.`,
    plans: { free: 'Free', 'premium-monthly': 'monthly Premium', 'premium-yearly': 'yearly Premium' },
    storeNote: {
      ios: 'As your subscription was bought through the App Store, refunds for it are decided by Apple; you can request one at reportaproblem.apple.com.',
      android: 'As your subscription was bought through Google Play, refunds for it are decided by Google through Google Play.',
      any: 'If you subscribed through the App Store or Google Play, refunds for those purchases are decided by Apple or Google; our colleague will explain the steps if that applies to you.',
    },
    cancelIntro: 'You can cancel at any time; Premium stays active until the end of the period you have already paid for.',
    cancelSteps: {
      ios: 'On iPhone: Settings → your name → Subscriptions → Studyflash → Cancel Subscription.',
      android: 'On Android: Google Play Store → profile icon → Payments & subscriptions → Subscriptions → Studyflash → Cancel subscription.',
      web: 'On the website: log in → Settings → Subscription → Cancel subscription.',
    },
    bugDetails: 'To help us reproduce it, could you tell us your device, the app version (Settings → About) and, if possible, send a screenshot or screen recording?',
    signoff: 'Best regards,',
  },
  de: {
    hello: (n) => (n ? `Hallo ${n},` : 'Hallo,'),
    body: {
      'bug-report': 'Danke für deine Nachricht, und entschuldige die Umstände. Wir haben deine Meldung an unser Technik-Team weitergegeben, das sich das genau ansieht.',
      'refund-request': 'Danke für deine Nachricht. Wir haben dein Anliegen an eine Kollegin bzw. einen Kollegen aus unserem Abrechnungsteam weitergegeben, die es prüfen und sich persönlich bei dir melden.',
      'product-question': 'Danke für deine Frage. Eine Kollegin bzw. ein Kollege aus unserem Team meldet sich mit einer ausführlichen Antwort bei dir.',
      other: 'Danke für deine Nachricht. Wir haben sie an die zuständige Person weitergeleitet, die sich bei Bedarf bei dir meldet.',
    },
    errorSeen: (where, title) => `Wir sehen bereits einen aktuellen Fehler ${where} („${title}“), das hilft uns sehr.`,
    platform: { ios: 'in deiner iOS-App', android: 'in deiner Android-App', web: 'in der Web-Version' },
    app: 'in der App',
    planNote: (plan) => `Wir sehen, dass dein Konto den Plan ${plan} hat.`,
    plans: { free: 'Free', 'premium-monthly': 'Premium monatlich', 'premium-yearly': 'Premium jährlich' },
    storeNote: {
      ios: 'Da dein Abo über den App Store abgeschlossen wurde, entscheidet Apple über eine Erstattung; du kannst sie unter reportaproblem.apple.com beantragen.',
      android: 'Da dein Abo über Google Play abgeschlossen wurde, entscheidet Google über eine Erstattung über Google Play.',
      any: 'Falls du dein Abo über den App Store oder Google Play abgeschlossen hast, entscheiden Apple bzw. Google über Erstattungen; unser Team erklärt dir dann die nötigen Schritte.',
    },
    cancelIntro: 'Du kannst jederzeit kündigen; Premium bleibt bis zum Ende des bereits bezahlten Zeitraums aktiv.',
    cancelSteps: {
      ios: 'Auf dem iPhone: Einstellungen → dein Name → Abonnements → Studyflash → Abo kündigen.',
      android: 'Auf Android: Google Play Store → Profilbild → Zahlungen und Abos → Abos → Studyflash → Kündigen.',
      web: 'Auf der Website: anmelden → Einstellungen → Abo → Abo kündigen.',
    },
    bugDetails: 'Damit wir es nachstellen können: Welches Gerät und welche App-Version (Einstellungen → Über) nutzt du? Ein Screenshot oder eine Bildschirmaufnahme hilft uns ebenfalls sehr.',
    signoff: 'Viele Grüße',
  },
  fr: {
    hello: (n) => (n ? `Bonjour ${n},` : 'Bonjour,'),
    body: {
      'bug-report': 'Merci de nous avoir signalé ce problème, et désolés pour la gêne occasionnée. Nous avons transmis votre message à notre équipe technique, qui va l’examiner.',
      'refund-request': 'Merci pour votre message. Nous avons transmis votre demande à un·e collègue de notre équipe facturation, qui va l’examiner et vous répondre personnellement.',
      'product-question': 'Merci pour votre question. Un·e collègue de notre équipe vous répondra de manière détaillée.',
      other: 'Merci de nous avoir contactés. Nous avons transmis votre message à la bonne personne, qui reviendra vers vous si nécessaire.',
    },
    errorSeen: (where, title) => `Nous voyons déjà une erreur récente ${where} (« ${title} »), ce qui nous aide beaucoup.`,
    platform: { ios: 'dans votre application iOS', android: 'dans votre application Android', web: 'dans la version web' },
    app: 'dans l’application',
    planNote: (plan) => `Nous voyons que votre compte est sur l’offre ${plan}.`,
    plans: { free: 'Free', 'premium-monthly': 'Premium mensuelle', 'premium-yearly': 'Premium annuelle' },
    storeNote: {
      ios: 'Comme votre abonnement a été souscrit via l’App Store, c’est Apple qui décide d’un éventuel remboursement ; vous pouvez en faire la demande sur reportaproblem.apple.com.',
      android: 'Comme votre abonnement a été souscrit via Google Play, c’est Google qui décide d’un éventuel remboursement via Google Play.',
      any: 'Si vous vous êtes abonné·e via l’App Store ou Google Play, les remboursements de ces achats sont décidés par Apple ou Google ; notre collègue vous expliquera la marche à suivre le cas échéant.',
    },
    cancelIntro: 'Vous pouvez résilier à tout moment ; Premium reste actif jusqu’à la fin de la période déjà payée.',
    cancelSteps: {
      ios: 'Sur iPhone : Réglages → votre nom → Abonnements → Studyflash → Annuler l’abonnement.',
      android: 'Sur Android : Google Play Store → icône du profil → Paiements et abonnements → Abonnements → Studyflash → Résilier l’abonnement.',
      web: 'Sur le site : connectez-vous → Paramètres → Abonnement → Résilier l’abonnement.',
    },
    bugDetails: 'Pour nous aider à le reproduire, pourriez-vous nous indiquer votre appareil, la version de l’application (Paramètres → À propos) et, si possible, nous envoyer une capture d’écran ?',
    signoff: 'Cordialement,',
  },
  nl: {
    hello: (n) => (n ? `Hoi ${n},` : 'Hallo,'),
    body: {
      'bug-report': 'Bedankt voor je melding, en sorry voor het ongemak. We hebben je bericht doorgestuurd naar ons technische team, dat ernaar gaat kijken.',
      'refund-request': 'Bedankt voor je bericht. We hebben je verzoek doorgestuurd naar een collega van ons facturatieteam, die het bekijkt en persoonlijk contact met je opneemt.',
      'product-question': 'Bedankt voor je vraag. Een collega van ons team komt bij je terug met een uitgebreid antwoord.',
      other: 'Bedankt voor je bericht. We hebben het doorgestuurd naar de juiste collega, die indien nodig contact met je opneemt.',
    },
    errorSeen: (where, title) => `We zien al een recente foutmelding ${where} ("${title}"), dat helpt ons enorm.`,
    platform: { ios: 'in je iOS-app', android: 'in je Android-app', web: 'in de webversie' },
    app: 'in de app',
    planNote: (plan) => `We zien dat je account het ${plan}-abonnement heeft.`,
    plans: { free: 'Free', 'premium-monthly': 'Premium maandelijks', 'premium-yearly': 'Premium jaarlijks' },
    storeNote: {
      ios: 'Omdat je abonnement via de App Store is afgesloten, beslist Apple over een eventuele terugbetaling; je kunt die aanvragen via reportaproblem.apple.com.',
      android: 'Omdat je abonnement via Google Play is afgesloten, beslist Google via Google Play over een eventuele terugbetaling.',
      any: 'Als je via de App Store of Google Play hebt betaald, beslissen Apple of Google over terugbetalingen van die aankopen; onze collega legt je dan uit hoe dat werkt.',
    },
    cancelIntro: 'Je kunt op elk moment opzeggen; Premium blijft actief tot het einde van de periode die je al hebt betaald.',
    cancelSteps: {
      ios: 'Op iPhone: Instellingen → je naam → Abonnementen → Studyflash → Annuleer abonnement.',
      android: 'Op Android: Google Play Store → profielicoon → Betalingen en abonnementen → Abonnementen → Studyflash → Abonnement opzeggen.',
      web: 'Op de website: log in → Instellingen → Abonnement → Abonnement opzeggen.',
    },
    bugDetails: 'Zodat we het kunnen nabootsen: welk apparaat en welke app-versie (Instellingen → Over) gebruik je? Een screenshot of schermopname helpt ook enorm.',
    signoff: 'Met vriendelijke groet,',
  },
  it: {
    hello: (n) => (n ? `Ciao ${n},` : 'Buongiorno,'),
    body: {
      'bug-report': 'Grazie per la segnalazione e scusaci per il disagio. Abbiamo inoltrato il tuo messaggio al nostro team tecnico, che lo esaminerà.',
      'refund-request': 'Grazie per il tuo messaggio. Abbiamo inoltrato la tua richiesta a un collega del nostro team di fatturazione, che la esaminerà e ti risponderà personalmente.',
      'product-question': 'Grazie per la tua domanda. Un collega del nostro team ti risponderà in modo dettagliato.',
      other: 'Grazie per averci scritto. Abbiamo inoltrato il tuo messaggio alla persona giusta, che ti ricontatterà se necessario.',
    },
    errorSeen: (where, title) => `Vediamo già un errore recente ${where} («${title}»), e questo ci aiuta molto.`,
    platform: { ios: 'nella tua app iOS', android: 'nella tua app Android', web: 'nella versione web' },
    app: 'nell’app',
    planNote: (plan) => `Vediamo che il tuo account ha il piano ${plan}.`,
    plans: { free: 'Free', 'premium-monthly': 'Premium mensile', 'premium-yearly': 'Premium annuale' },
    storeNote: {
      ios: 'Poiché l’abbonamento è stato acquistato tramite l’App Store, un eventuale rimborso è deciso da Apple; puoi richiederlo su reportaproblem.apple.com.',
      android: 'Poiché l’abbonamento è stato acquistato tramite Google Play, un eventuale rimborso è deciso da Google tramite Google Play.',
      any: 'Se ti sei abbonato tramite l’App Store o Google Play, i rimborsi di questi acquisti sono decisi da Apple o Google; il nostro collega ti spiegherà i passaggi se è il tuo caso.',
    },
    cancelIntro: 'Puoi disdire in qualsiasi momento; Premium resta attivo fino alla fine del periodo già pagato.',
    cancelSteps: {
      ios: 'Su iPhone: Impostazioni → il tuo nome → Abbonamenti → Studyflash → Annulla abbonamento.',
      android: 'Su Android: Google Play Store → icona del profilo → Pagamenti e abbonamenti → Abbonamenti → Studyflash → Annulla abbonamento.',
      web: 'Sul sito: accedi → Impostazioni → Abbonamento → Annulla abbonamento.',
    },
    bugDetails: 'Per aiutarci a riprodurlo, puoi indicarci il dispositivo, la versione dell’app (Impostazioni → Info) e, se possibile, inviarci uno screenshot?',
    signoff: 'Un saluto,',
  },
  es: {
    hello: (n) => (n ? `Hola, ${n}:` : 'Hola:'),
    body: {
      'bug-report': 'Gracias por avisarnos y perdona las molestias. Hemos pasado tu mensaje a nuestro equipo técnico, que lo va a revisar.',
      'refund-request': 'Gracias por tu mensaje. Hemos pasado tu solicitud a un compañero de nuestro equipo de facturación, que la revisará y te responderá personalmente.',
      'product-question': 'Gracias por tu pregunta. Un compañero de nuestro equipo te responderá con todo detalle.',
      other: 'Gracias por escribirnos. Hemos reenviado tu mensaje a la persona adecuada, que se pondrá en contacto contigo si es necesario.',
    },
    errorSeen: (where, title) => `Ya vemos un error reciente ${where} («${title}»), lo que nos ayuda mucho.`,
    platform: { ios: 'en tu app de iOS', android: 'en tu app de Android', web: 'en la versión web' },
    app: 'en la app',
    planNote: (plan) => `Vemos que tu cuenta tiene el plan ${plan}.`,
    plans: { free: 'Free', 'premium-monthly': 'Premium mensual', 'premium-yearly': 'Premium anual' },
    storeNote: {
      ios: 'Como tu suscripción se contrató a través de la App Store, es Apple quien decide sobre un posible reembolso; puedes solicitarlo en reportaproblem.apple.com.',
      android: 'Como tu suscripción se contrató a través de Google Play, es Google quien decide sobre un posible reembolso a través de Google Play.',
      any: 'Si te suscribiste a través de la App Store o Google Play, los reembolsos de esas compras los decide Apple o Google; nuestro compañero te explicará los pasos si es tu caso.',
    },
    cancelIntro: 'Puedes cancelar cuando quieras; Premium sigue activo hasta el final del periodo ya pagado.',
    cancelSteps: {
      ios: 'En iPhone: Ajustes → tu nombre → Suscripciones → Studyflash → Cancelar suscripción.',
      android: 'En Android: Google Play Store → icono de perfil → Pagos y suscripciones → Suscripciones → Studyflash → Cancelar suscripción.',
      web: 'En la web: inicia sesión → Ajustes → Suscripción → Cancelar suscripción.',
    },
    bugDetails: 'Para poder reproducirlo, ¿nos dices qué dispositivo y qué versión de la app (Ajustes → Acerca de) usas y, si puedes, nos envías una captura de pantalla?',
    signoff: 'Un saludo,',
  },
  pt: {
    hello: (n) => (n ? `Olá ${n},` : 'Olá,'),
    body: {
      'bug-report': 'Obrigado por nos avisar e pedimos desculpa pelo incómodo. Encaminhámos a sua mensagem para a nossa equipa técnica, que vai analisar o problema.',
      'refund-request': 'Obrigado pela sua mensagem. Encaminhámos o seu pedido para um colega da nossa equipa de faturação, que o vai analisar e responder-lhe pessoalmente.',
      'product-question': 'Obrigado pela sua pergunta. Um colega da nossa equipa vai responder-lhe com todos os detalhes.',
      other: 'Obrigado pelo seu contacto. Encaminhámos a sua mensagem para a pessoa certa, que entrará em contacto consigo se for necessário.',
    },
    errorSeen: (where, title) => `Já conseguimos ver um erro recente ${where} («${title}»), o que nos ajuda muito.`,
    platform: { ios: 'na sua app iOS', android: 'na sua app Android', web: 'na versão web' },
    app: 'na app',
    planNote: (plan) => `Vemos que a sua conta tem o plano ${plan}.`,
    plans: { free: 'Free', 'premium-monthly': 'Premium mensal', 'premium-yearly': 'Premium anual' },
    storeNote: {
      ios: 'Como a assinatura foi feita através da App Store, é a Apple que decide sobre um eventual reembolso; pode pedi-lo em reportaproblem.apple.com.',
      android: 'Como a assinatura foi feita através do Google Play, é a Google que decide sobre um eventual reembolso através do Google Play.',
      any: 'Se fez a assinatura através da App Store ou do Google Play, os reembolsos dessas compras são decididos pela Apple ou pela Google; o nosso colega explicará os passos se for o seu caso.',
    },
    cancelIntro: 'Pode cancelar a qualquer momento; o Premium continua ativo até ao fim do período já pago.',
    cancelSteps: {
      ios: 'No iPhone: Definições → o seu nome → Assinaturas → Studyflash → Cancelar assinatura.',
      android: 'No Android: Google Play Store → ícone do perfil → Pagamentos e subscrições → Subscrições → Studyflash → Cancelar subscrição.',
      web: 'No site: inicie sessão → Definições → Assinatura → Cancelar assinatura.',
    },
    bugDetails: 'Para nos ajudar a reproduzir o problema, pode indicar-nos o dispositivo, a versão da app (Definições → Sobre) e, se possível, enviar uma captura de ecrã?',
    signoff: 'Com os melhores cumprimentos,',
  },
  pl: {
    hello: (n) => (n ? `Cześć ${n},` : 'Dzień dobry,'),
    body: {
      'bug-report': 'Dziękujemy za zgłoszenie i przepraszamy za kłopot. Przekazaliśmy Twoją wiadomość naszemu zespołowi technicznemu, który się temu przyjrzy.',
      'refund-request': 'Dziękujemy za wiadomość. Przekazaliśmy Twoją prośbę osobie z naszego działu rozliczeń, która ją rozpatrzy i odpowie Ci osobiście.',
      'product-question': 'Dziękujemy za pytanie. Osoba z naszego zespołu odpowie Ci wkrótce ze szczegółami.',
      other: 'Dziękujemy za kontakt. Przekazaliśmy Twoją wiadomość właściwej osobie, która w razie potrzeby się z Tobą skontaktuje.',
    },
    errorSeen: (where, title) => `Widzimy już niedawny błąd ${where} („${title}”), co bardzo nam pomaga.`,
    platform: { ios: 'w Twojej aplikacji na iOS', android: 'w Twojej aplikacji na Androida', web: 'w wersji internetowej' },
    app: 'w aplikacji',
    planNote: (plan) => `Widzimy, że Twoje konto ma plan ${plan}.`,
    plans: { free: 'Free', 'premium-monthly': 'Premium miesięczny', 'premium-yearly': 'Premium roczny' },
    storeNote: {
      ios: 'Ponieważ subskrypcja została kupiona w App Store, o ewentualnym zwrocie decyduje Apple; wniosek można złożyć na reportaproblem.apple.com.',
      android: 'Ponieważ subskrypcja została kupiona w Google Play, o ewentualnym zwrocie decyduje Google w Google Play.',
      any: 'Jeśli subskrypcja została kupiona w App Store lub Google Play, o zwrotach za te zakupy decyduje Apple lub Google; w takim przypadku wyjaśnimy Ci kolejne kroki.',
    },
    cancelIntro: 'Subskrypcję możesz anulować w dowolnym momencie; Premium pozostaje aktywne do końca opłaconego okresu.',
    cancelSteps: {
      ios: 'Na iPhonie: Ustawienia → Twoje imię → Subskrypcje → Studyflash → Anuluj subskrypcję.',
      android: 'Na Androidzie: Sklep Google Play → ikona profilu → Płatności i subskrypcje → Subskrypcje → Studyflash → Anuluj subskrypcję.',
      web: 'Na stronie: zaloguj się → Ustawienia → Subskrypcja → Anuluj subskrypcję.',
    },
    bugDetails: 'Abyśmy mogli odtworzyć problem, napisz nam proszę, jakiego urządzenia i jakiej wersji aplikacji (Ustawienia → O aplikacji) używasz, i jeśli to możliwe, wyślij zrzut ekranu.',
    signoff: 'Pozdrawiamy,',
  },
  sv: {
    hello: (n) => (n ? `Hej ${n},` : 'Hej,'),
    body: {
      'bug-report': 'Tack för att du hör av dig, och förlåt för besväret. Vi har skickat vidare ditt meddelande till vårt tekniska team, som tittar på det.',
      'refund-request': 'Tack för ditt meddelande. Vi har skickat vidare din begäran till en kollega i vårt faktureringsteam, som går igenom den och återkommer personligen till dig.',
      'product-question': 'Tack för din fråga. En kollega i vårt team återkommer till dig med ett utförligt svar.',
      other: 'Tack för att du hör av dig. Vi har skickat vidare ditt meddelande till rätt person, som återkommer till dig vid behov.',
    },
    errorSeen: (where, title) => `Vi ser redan ett nyligen inträffat fel ${where} (”${title}”), vilket hjälper oss mycket.`,
    platform: { ios: 'i din iOS-app', android: 'i din Android-app', web: 'i webbversionen' },
    app: 'i appen',
    planNote: (plan) => `Vi ser att ditt konto har planen ${plan}.`,
    plans: { free: 'Free', 'premium-monthly': 'Premium månadsvis', 'premium-yearly': 'Premium årsvis' },
    storeNote: {
      ios: 'Eftersom abonnemanget köptes via App Store är det Apple som beslutar om en eventuell återbetalning; du kan begära den på reportaproblem.apple.com.',
      android: 'Eftersom abonnemanget köptes via Google Play är det Google som beslutar om en eventuell återbetalning via Google Play.',
      any: 'Om du köpte abonnemanget via App Store eller Google Play är det Apple eller Google som beslutar om återbetalningar för de köpen; vår kollega förklarar i så fall hur du går till väga.',
    },
    cancelIntro: 'Du kan säga upp när som helst; Premium är aktivt till slutet av den period du redan har betalat för.',
    cancelSteps: {
      ios: 'På iPhone: Inställningar → ditt namn → Prenumerationer → Studyflash → Avsluta prenumeration.',
      android: 'På Android: Google Play Butik → profilikonen → Betalningar och prenumerationer → Prenumerationer → Studyflash → Avsluta prenumeration.',
      web: 'På webbplatsen: logga in → Inställningar → Abonnemang → Avsluta abonnemang.',
    },
    bugDetails: 'För att vi ska kunna återskapa felet: vilken enhet och vilken appversion (Inställningar → Om) använder du? En skärmbild eller skärminspelning hjälper också mycket.',
    signoff: 'Vänliga hälsningar,',
  },
};

function platformOf(enrichment: EnrichmentFacts | null): Platform | undefined {
  const p = enrichment?.account?.platform?.toLowerCase();
  return p === 'ios' || p === 'android' || p === 'web' ? p : undefined;
}

function planOf(enrichment: EnrichmentFacts | null): keyof LanguagePack['plans'] | undefined {
  const p = enrichment?.account?.plan;
  return p === 'free' || p === 'premium-monthly' || p === 'premium-yearly' ? p : undefined;
}

/** Error titles can carry stack fragments or e-mail addresses; keep them short and plain. */
function shortTitle(title: string): string {
  // Addresses and date-like fragments have no place in a customer draft.
  const plain = title
    .replace(/\S+@\S+/g, '…')
    .replace(/\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b/g, '…')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 80 ? `${plain.slice(0, 77)}…` : plain;
}

export function renderDraft(ctx: DraftContext): string {
  const pack = PACKS[ctx.language];
  const platform = platformOf(ctx.enrichment);
  const plan = planOf(ctx.enrichment);
  const paragraphs: string[] = [pack.body[ctx.category]];

  switch (ctx.category) {
    case 'bug-report': {
      const latest = [...(ctx.enrichment?.errors ?? [])].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))[0];
      if (latest) paragraphs.push(pack.errorSeen(platform ? pack.platform[platform] : pack.app, shortTitle(latest.title)));
      paragraphs.push(pack.bugDetails);
      break;
    }
    case 'refund-request': {
      const store = platform === 'ios' || platform === 'android' ? pack.storeNote[platform] : undefined;
      paragraphs.push(store ?? pack.storeNote.any);
      break;
    }
    case 'product-question': {
      if (plan) paragraphs.push(pack.planNote(pack.plans[plan]));
      const asksMoney = ctx.concepts.includes('refund') && !ctx.concepts.includes('no-refund');
      if (ctx.concepts.includes('cancel') && !asksMoney) {
        const steps = platform ? [pack.cancelSteps[platform]] : [pack.cancelSteps.ios, pack.cancelSteps.android, pack.cancelSteps.web];
        paragraphs.push([pack.cancelIntro, ...steps].join('\n'));
      }
      break;
    }
    case 'other':
      break;
    default: {
      const unreachable: never = ctx.category;
      throw new Error(`unknown category ${String(unreachable)}`);
    }
  }
  return [pack.hello(ctx.firstName), ...paragraphs, `${pack.signoff}\n${SIGNATURE}`].join('\n\n');
}
