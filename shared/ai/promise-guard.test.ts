// The draft guard catches refund promises, amounts and dates in the nine languages, and leaves
// the sentences support is allowed to write (routes, reviews, refusals) alone.
import { describe, expect, it } from 'vitest';
import { findPromises, stripPromises } from './promise-guard.js';

describe('findPromises', () => {
  const refundPromises: [string, string][] = [
    ['en', 'We will refund your subscription in full.'],
    ['en', "We've issued a full refund to your card."],
    ['en', 'Your refund has been approved.'],
    ['en', "You'll receive your money back shortly."],
    ['de', 'Wir erstatten dir den vollen Betrag.'],
    ['de', 'Die Rückerstattung wurde bereits veranlasst.'],
    ['de', 'Du bekommst dein Geld selbstverständlich zurück.'],
    ['fr', 'Nous allons vous rembourser intégralement.'],
    ['fr', 'Vous serez remboursé sous peu.'],
    ['fr', 'Le remboursement a été effectué.'],
    ['nl', 'We zullen het bedrag terugbetalen.'],
    ['nl', 'De terugbetaling is verwerkt.'],
    ['it', 'Ti rimborseremo l’intero importo.'],
    ['it', 'Il rimborso è stato emesso.'],
    ['es', 'Te reembolsaremos el importe completo.'],
    ['es', 'Tu reembolso ha sido procesado.'],
    ['pt', 'Vamos reembolsar o valor total.'],
    ['pt', 'O reembolso foi processado.'],
    ['pl', 'Zwrócimy Ci pieniądze.'],
    ['pl', 'Zwrot został zatwierdzony.'],
    ['sv', 'Vi återbetalar hela beloppet.'],
    ['sv', 'Du kommer att få pengarna tillbaka.'],
  ];
  it.each(refundPromises)('flags a %s refund promise: %s', (_lang, sentence) => {
    expect(findPromises(sentence).map((f) => f.kind)).toEqual(['refund']);
  });

  const amounts = ['That is 89 EUR.', 'You paid €59.99 for the year.', 'Der Betrag von 12,99 € wird geprüft.', 'Vi ser 99 kr på kontot.', 'Le montant de 10 CHF.', 'We can offer 50 % off.'];
  it.each(amounts)('flags an amount: %s', (sentence) => {
    expect(findPromises(sentence).map((f) => f.kind)).toEqual(['amount']);
  });

  const dates = ['It will be fixed by 12.03.2026.', 'Expect an answer within 3 days.', 'Bitte gib uns 5–7 Werktage.', 'Le 15 mars au plus tard.', 'Antes del 2 de mayo.', 'On March 12 it ships.', 'Innerhalb von 48 Stunden.'];
  it.each(dates)('flags a date or deadline: %s', (sentence) => {
    expect(findPromises(sentence).map((f) => f.kind)).toEqual(['date']);
  });

  const allowed = [
    'Our billing team will review your refund request and get back to you.',
    'Refunds for App Store purchases are decided by Apple: please request one at reportaproblem.apple.com.',
    'We cannot promise a refund, but a colleague will look at your case.',
    'Unser Team prüft deine Anfrage zur Rückerstattung.',
    'Nous ne pouvons pas promettre de remboursement.',
    'Il team di fatturazione valuterà la tua richiesta di rimborso.',
    'Nuestro equipo revisará tu solicitud de reembolso.',
    'Premium stays active until the end of the period you already paid for.',
    'Which app version do you use (Settings → About)? Android 14 or iOS 17?',
    'Vi har tagit emot din begäran om återbetalning och teamet tittar på den.',
  ];
  it.each(allowed)('lets an allowed sentence pass: %s', (sentence) => {
    expect(findPromises(sentence)).toEqual([]);
  });
});

describe('stripPromises', () => {
  it('removes only the offending sentence and keeps the rest of the draft', () => {
    const draft = 'Hallo Anna,\n\ndanke für deine Nachricht. Wir erstatten dir den Betrag von 59,99 €. Unser Billing-Team schaut sich dein Konto genau an und meldet sich bei dir.\n\nViele Grüße\nStudyflash Support';
    const out = stripPromises(draft);
    expect(out.removed).toHaveLength(1);
    expect(out.text).not.toMatch(/erstatten|59,99/);
    expect(out.text).toContain('Unser Billing-Team schaut sich dein Konto');
    expect(out.text.endsWith('Studyflash Support')).toBe(true);
    expect(out.substantive).toBe(true);
  });

  it('reports a draft that is nothing but promises as not substantive', () => {
    const out = stripPromises('Hi Tom,\n\nWe will refund you 89 EUR within 3 days.\n\nBest regards\nStudyflash Support');
    expect(out.removed).toHaveLength(1);
    expect(out.substantive).toBe(false);
  });

  it('leaves a clean draft untouched', () => {
    const draft = 'Hi Tom,\n\nthanks for reaching out. Our billing team will review your request.\n\nBest regards\nStudyflash Support';
    expect(stripPromises(draft)).toEqual({ text: draft, removed: [], substantive: true });
  });
});

// Per language: promises that must go (refund approvals, money back, direct and indirect, amounts,
// dates and deadlines) and sentences that must stay (account facts, routes, questions, refusals).
const TABLE: Record<string, { go: string[]; stay: string[] }> = {
  en: {
    go: [
      'Your refund was approved.',
      'The money is back in your account by 12 December.',
      'We will refund you by 2 March.',
      'You will get your money back.',
      'The amount will be credited to your card shortly.',
      'Our team will fix this by Friday.',
      'You should see the refund within 5 business days.',
      'We will cancel the renewal on 2 March.',
      'It will be sorted out next week.',
    ],
    stay: [
      'Your yearly plan, bought through the App Store, renews on 2 March.',
      'You signed up on 4 May 2025.',
      'Our billing team will look at your request and reply to you.',
      'Do you still see the error after updating the app?',
      'We cannot promise a refund; a colleague decides this.',
      'Refunds for App Store purchases are decided by Apple.',
    ],
  },
  de: {
    go: [
      'Deine Rückerstattung wurde genehmigt.',
      'Das Geld ist bis zum 12. Dezember wieder auf deinem Konto.',
      'Wir erstatten dir den Betrag bis zum 2. März.',
      'Du bekommst dein Geld zurück.',
      'Der Betrag wird dir in den nächsten Tagen gutgeschrieben.',
      'Wir beheben das bis Freitag.',
      'Innerhalb von 3 Tagen hast du eine Lösung.',
      'Das erledigen wir nächste Woche.',
    ],
    stay: [
      'Dein Jahresabo über den App Store verlängert sich am 2. März.',
      'Unser Billing-Team prüft deine Anfrage und meldet sich bei dir.',
      'Tritt der Fehler nach dem Update noch auf?',
      'Eine Rückerstattung können wir nicht zusagen.',
    ],
  },
  fr: {
    go: [
      'Votre remboursement a été approuvé.',
      'L’argent sera de retour sur votre compte d’ici vendredi.',
      'Nous vous rembourserons avant le 2 mars.',
      'Vous récupérerez votre argent.',
      'Vous serez remboursé sous 5 jours.',
      'Le problème sera corrigé la semaine prochaine.',
    ],
    stay: [
      'Votre abonnement annuel se renouvelle le 2 mars.',
      'Notre équipe de facturation examinera votre demande.',
      'Le problème persiste-t-il après la mise à jour ?',
      'Nous ne pouvons pas promettre de remboursement.',
    ],
  },
  nl: {
    go: [
      'Je terugbetaling is goedgekeurd.',
      'Het geld staat vrijdag weer op je rekening terug.',
      'We betalen je uiterlijk 2 maart terug.',
      'Je krijgt je geld terug.',
      'Binnen 3 werkdagen is het opgelost.',
      'Volgende week staat alles weer goed.',
    ],
    stay: [
      'Je jaarabonnement wordt op 2 maart verlengd.',
      'Ons facturatieteam bekijkt je verzoek.',
      'Zie je de fout nog na de update?',
    ],
  },
  it: {
    go: [
      'Il tuo rimborso è stato approvato.',
      'I soldi saranno restituiti sul tuo conto entro venerdì.',
      'Ti rimborseremo entro il 2 marzo.',
      'Riavrai i tuoi soldi.',
      'L’importo ti verrà accreditato entro 5 giorni.',
      'Risolveremo il problema la prossima settimana.',
    ],
    stay: [
      'Il tuo piano annuale si rinnova il 2 marzo.',
      'Il team di fatturazione valuterà la tua richiesta.',
      'Il problema si verifica ancora dopo l’aggiornamento?',
    ],
  },
  es: {
    go: [
      'Tu reembolso ha sido aprobado.',
      'El dinero estará de vuelta en tu cuenta el viernes.',
      'Te reembolsaremos antes del 2 de marzo.',
      'Recuperarás tu dinero.',
      'Se te devolverá el importe en 3 días.',
      'Lo arreglaremos la próxima semana.',
    ],
    stay: [
      'Tu plan anual se renueva el 2 de marzo.',
      'Nuestro equipo revisará tu solicitud de reembolso.',
      '¿Sigue apareciendo el error después de actualizar?',
    ],
  },
  pt: {
    go: [
      'O seu reembolso foi aprovado.',
      'O dinheiro estará de volta na sua conta até sexta-feira.',
      'Vamos reembolsar até 2 de março.',
      'Vai receber o seu dinheiro de volta.',
      'O valor será creditado em 5 dias.',
      'Resolveremos isto na próxima semana.',
    ],
    stay: [
      'O seu plano anual renova a 2 de março.',
      'A nossa equipa de faturação vai analisar o seu pedido.',
      'O erro continua depois de atualizar a app?',
    ],
  },
  pl: {
    go: [
      'Twój zwrot został zatwierdzony.',
      'Pieniądze wrócą na Twoje konto do piątku.',
      'Zwrócimy Ci pieniądze do 2 marca.',
      'Odzyskasz pieniądze.',
      'Kwota zostanie zwrócona w ciągu 5 dni.',
      'Naprawimy to w przyszłym tygodniu.',
    ],
    stay: [
      'Twój plan roczny odnawia się 2 marca.',
      'Nasz zespół rozliczeń sprawdzi Twoją prośbę.',
      'Czy błąd nadal występuje po aktualizacji?',
    ],
  },
  sv: {
    go: [
      'Din återbetalning har godkänts.',
      'Pengarna är tillbaka på ditt konto senast fredag.',
      'Vi återbetalar dig senast 2 mars.',
      'Du får pengarna tillbaka.',
      'Beloppet krediteras inom 5 dagar.',
      'Vi fixar det nästa vecka.',
    ],
    stay: [
      'Din årsprenumeration förnyas den 2 mars.',
      'Vårt faktureringsteam tittar på din begäran.',
      'Ser du felet fortfarande efter uppdateringen?',
    ],
  },
};

describe('findPromises in all nine languages', () => {
  it('has a table for every language the product serves', () => {
    expect(Object.keys(TABLE).sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt', 'sv']);
  });
  for (const [language, { go, stay }] of Object.entries(TABLE)) {
    it.each(go)(`${language}: removes the promise "%s"`, (sentence) => {
      expect(findPromises(sentence)).toHaveLength(1);
      expect(stripPromises(`Hallo,\n\n${sentence} Danke.\n\nGrüße\nSupport`).text).not.toContain(sentence);
    });
    it.each(stay)(`${language}: keeps "%s"`, (sentence) => {
      expect(findPromises(sentence)).toEqual([]);
    });
  }

  it('removes the approval and the date promise of one draft and keeps the account fact', () => {
    const draft =
      'Hi Tom,\n\nyour refund was approved. The money is back in your account by 12 December. Your yearly plan renews on 2 March. Our billing team has your request.\n\nBest regards\nStudyflash Support';
    const out = stripPromises(draft);
    expect(out.removed.map((f) => f.kind)).toEqual(['refund', 'refund']);
    expect(out.text).toContain('Your yearly plan renews on 2 March.');
    expect(out.text).not.toMatch(/approved|12 December/);
  });
});
