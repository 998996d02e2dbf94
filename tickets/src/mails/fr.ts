// French sample mails (FR, BE, CH romande).
import type { LanguageSet } from '../spec.js';

export const fr: LanguageSet = {
  language: 'fr',
  mails: [
    {
      slug: 'generation-erreur',
      category: 'bug-report',
      from: ['Camille Dubois', 'camille.dubois@example.fr'],
      date: '2026-03-02 10:27 +0100',
      subject: 'Erreur lors de la génération des fiches',
      mailer: 'gmail',
      html: 'auto',
      account: {
        plan: 'premium-monthly', status: 'active', signupDate: '2025-09-15', country: 'FR', platform: 'web', renewalDate: '2026-03-15', recordings: 5,
        sentryIssues: [
          { title: 'GenerationTimeout: flashcard job exceeded 90 s', culprit: 'workers/generate/flashcards.ts in runJob', count: 24, lastSeenDaysAgo: 0, level: 'error' },
        ],
      },
      text: `Bonjour,

Depuis ce matin, quand j'importe mon cours de droit administratif (un PDF d'une soixantaine de pages), la génération des fiches tourne pendant plusieurs minutes puis affiche « Une erreur est survenue, veuillez réessayer ». J'ai réessayé cinq fois, toujours pareil.

Le même fichier avait très bien fonctionné la semaine dernière pour le résumé. Est-ce qu'il y a un souci de votre côté ?

Merci d'avance,
Camille
`,
    },
    {
      slug: 'remboursement-renouvellement-annuel',
      category: 'refund-request',
      from: ['Thomas Lefèvre', 'thomas.lefevre@example.fr'],
      date: '2026-03-02 18:50 +0100',
      subject: 'Demande de remboursement – renouvellement automatique',
      mailer: 'apple',
      html: 'auto',
      account: { plan: 'premium-yearly', status: 'active', signupDate: '2025-03-01', country: 'FR', platform: 'web', renewalDate: '2027-03-01', recordings: 0 },
      text: `Bonjour,

Mon abonnement annuel a été renouvelé automatiquement hier (59,99 € prélevés sur ma carte). Je n'ai reçu aucun e-mail de rappel avant le renouvellement, et je n'utilise plus l'application depuis la fin de mon master en septembre.

Je vous demande donc de bien vouloir annuler ce renouvellement et de me rembourser. Je n'ai pas ouvert l'application depuis le prélèvement.

Cordialement,
Thomas Lefèvre
`,
    },
    {
      slug: 'partager-deck',
      category: 'product-question',
      from: ['Inès Moreau', 'ines.moreau@mail.test'],
      date: '2026-03-03 21:15 +0100',
      subject: 'partager mes fiches avec ma classe ?',
      mailer: 'iphone',
      account: { plan: 'free', status: 'active', signupDate: '2026-02-11', country: 'FR', platform: 'ios', recordings: 1 },
      text: `Coucou,

Je suis en prépa (MPSI) et on s'est réparti les chapitres de physique entre copines pour faire les fiches. Est-ce qu'il y a un moyen de partager un paquet de cartes avec d'autres personnes ? Et est-ce qu'elles doivent avoir Premium pour l'ouvrir ?

Merci !!
Inès

Envoyé de mon iPhone
`,
    },
    {
      slug: 'partenariat-bde',
      category: 'other',
      from: ['Hugo Bernard', 'partenariats@bde-example.fr'],
      date: '2026-03-04 14:02 +0100',
      subject: 'Proposition de partenariat – BDE école de commerce',
      mailer: 'gmail',
      html: 'auto',
      notes: 'partnership',
      account: null,
      text: `Bonjour à toute l'équipe Studyflash,

Je suis responsable des partenariats du Bureau des Élèves d'une école de commerce à Lyon (environ 2 400 étudiants). Nous préparons notre semaine de rentrée de septembre et cherchons des partenaires en lien avec la vie étudiante et les révisions.

Nous pourrions vous proposer :
– une présence sur notre stand lors du forum des associations ;
– une publication sur nos réseaux (Instagram, 6 800 abonnés) ;
– un code promo exclusif relayé dans notre newsletter hebdomadaire.

En échange, nous aimerions discuter d'un soutien financier ou de codes Premium offerts pour nos adhérents. Seriez-vous disponibles pour un appel dans les prochaines semaines ?

Bien à vous,
Hugo Bernard
Pôle Partenariats – BDE
`,
    },
    {
      slug: 'crash-demarrage-xiaomi',
      category: 'bug-report',
      from: ['Yanis Haddad', 'yanis.haddad@example.fr'],
      date: '2026-03-05 08:36 +0100',
      subject: "L'appli se ferme toute seule au démarrage",
      mailer: 'android',
      account: {
        plan: 'premium-monthly', status: 'active', signupDate: '2025-12-27', country: 'FR', platform: 'android', renewalDate: '2026-03-27', recordings: 3,
        sentryIssues: [
          { title: 'java.lang.UnsatisfiedLinkError: dlopen failed: library "libpdfium.so" not found', culprit: 'ch.studyflash.app.pdf.PdfRenderer in <clinit>', count: 56, lastSeenDaysAgo: 0, level: 'error' },
        ],
      },
      text: `Bonjour

Depuis la mise à jour d'hier soir l'application se ferme direct quand je l'ouvre, on voit le logo une seconde et après retour à l'écran d'accueil. J'ai un Xiaomi Redmi Note 12 sous Android 14. J'ai vidé le cache et redémarré le téléphone, rien ne change.

J'ai un partiel jeudi donc si vous avez une solution rapide je suis preneur.

Yanis
`,
    },
    {
      slug: 'preleve-apres-resiliation',
      category: 'refund-request',
      from: ['Manon Girard', 'manon.girard@example.be'],
      date: '2026-03-05 12:58 +0100',
      subject: 'Prélèvement après résiliation',
      mailer: 'outlook',
      account: { plan: 'premium-monthly', status: 'cancelled', signupDate: '2025-10-05', country: 'BE', platform: 'web', recordings: 0 },
      text: `Madame, Monsieur,

J'ai résilié mon abonnement Premium le 24 février depuis les paramètres de mon compte sur le site (j'ai reçu un e-mail de confirmation). Pourtant, 9,99 € ont de nouveau été débités de ma carte le 5 mars.

Je vous saurais gré de procéder au remboursement de ce montant dans les meilleurs délais. Je peux vous transférer l'e-mail de confirmation de résiliation si nécessaire.

Bien cordialement,
Manon Girard
`,
    },
    {
      slug: 'gratuit-vs-premium',
      category: 'product-question',
      from: ['Lucas Petit', 'lucas.petit@mail.test'],
      date: '2026-03-06 17:20 +0100',
      subject: 'Questions avant de passer Premium',
      mailer: 'gmail',
      html: 'auto',
      account: { plan: 'free', status: 'active', signupDate: '2026-01-29', country: 'FR', platform: 'web', recordings: 2 },
      text: `Bonjour,

J'utilise la version gratuite depuis un mois et j'hésite à prendre Premium. Quelques questions :

- Avec Premium, est-ce que le nombre de quiz par jour est illimité ? En gratuit je suis bloqué au bout de trois.
- Est-ce que je peux importer des vidéos ou des enregistrements audio de cours, ou seulement des PDF et des slides ?
- Si je paie au mois sur le site, est-ce que je peux passer à l'annuel plus tard sans perdre ce que j'ai déjà payé ?

Merci pour vos réponses,
Lucas
`,
    },
    {
      slug: 'reponse-auto-absence',
      category: 'other',
      from: ['Thomas Lefèvre', 'thomas.lefevre@example.fr'],
      date: '2026-03-04 09:12 +0100',
      subject: 'Réponse automatique : Re: Demande de remboursement – renouvellement automatique',
      mailer: 'apple',
      autoReply: true,
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
      followUp: {
        of: 'remboursement-renouvellement-annuel',
        via: 'support',
        noQuote: true,
        supportAfterMinutes: 860,
        supportReply: 'Bonjour Thomas, nous avons bien reçu votre demande.',
      },
      text: `Bonjour,

Je suis absent du 4 au 15 mars inclus, sans accès régulier à ma messagerie. Je traiterai votre message à mon retour.

Thomas Lefèvre
`,
    },
    {
      slug: 'preleve-apres-resiliation-relance',
      category: 'refund-request',
      from: ['Manon Girard', 'manon.girard@example.be'],
      date: '2026-03-11 09:47 +0100',
      subject: 'RE: Prélèvement après résiliation',
      mailer: 'outlook',
      followUp: {
        of: 'preleve-apres-resiliation',
        via: 'support',
        supportAgent: 'Sophie Martin',
        supportAfterMinutes: 1400,
        supportReply: `Bonjour Manon,

Merci pour votre message. Je transmets votre demande à notre équipe facturation, qui reviendra vers vous très prochainement.

Belle journée,
Sophie Martin
Support Studyflash`,
      },
      text: `Bonjour Sophie,

Cela fait presque une semaine et je n'ai toujours reçu ni remboursement ni nouvelle de l'équipe facturation. Pourriez-vous me dire où en est ma demande ? Sans réponse d'ici vendredi, je ferai opposition auprès de ma banque.

Cordialement,
Manon Girard
`,
    },
    {
      slug: 'quiz-reponses-fausses',
      category: 'bug-report',
      from: ['Léa Fontaine', 'lea.fontaine@example.ch'],
      date: '2026-03-07 20:31 +0100',
      subject: 'Le quiz compte mes bonnes réponses comme fausses',
      mailer: 'apple',
      html: 'auto',
      attachments: [{ kind: 'png', filename: 'Capture d’écran 2026-03-07 à 20.25.44.png', caption: 'quiz wrong answer marked' }],
      account: {
        plan: 'premium-yearly', status: 'active', signupDate: '2025-09-09', country: 'CH', platform: 'web', renewalDate: '2026-09-09', recordings: 8,
        sentryIssues: [
          { title: 'AssertionError: answer index out of range (4 >= 4)', culprit: 'web/app/quiz/grade.ts in gradeMultipleChoice', count: 13, lastSeenDaysAgo: 0, level: 'error' },
        ],
      },
      text: `Bonjour,

Dans le quiz de mon paquet « Histoire contemporaine », certaines questions à choix multiples affichent deux fois la même réponse, et quand je clique sur la bonne, elle est comptée fausse. La correction affichée ensuite est pourtant exactement le texte que j'avais choisi (voir capture).

Du coup mon score est faussé et les cartes concernées reviennent sans arrêt dans les révisions.

Merci de regarder ça,
Léa Fontaine
Étudiante en histoire, Université de Genève
`,
    },
    {
      slug: 'accessibilite-dyslexie',
      category: 'product-question',
      from: ['Éloïse Garnier', 'eloise.garnier@example.fr'],
      date: '2026-03-08 15:05 +0100',
      subject: "Accessibilité de l'application pour une étudiante dyslexique",
      mailer: 'thunderbird',
      notes: 'very long',
      account: { plan: 'free', status: 'trial', signupDate: '2026-03-06', country: 'FR', platform: 'web', recordings: 3 },
      text: `Bonjour,

Je me permets de vous écrire un message un peu long, car j'aimerais être sûre de faire le bon choix avant de souscrire à l'abonnement.

Je suis en deuxième année de licence de psychologie et je suis dyslexique et dysorthographique. Je bénéficie d'un tiers-temps aux examens et d'aménagements pour les cours (documents en version numérique, police adaptée). Lire de longs polycopiés me demande énormément d'énergie, et c'est précisément pour ça qu'une amie m'a conseillé votre application : l'idée de transformer automatiquement les cours en fiches et en résumés courts me paraît idéale.

J'ai commencé l'essai gratuit il y a deux jours et j'ai quelques questions :

1. Est-il possible de changer la police d'affichage des cartes, par exemple pour OpenDyslexic ou une police sans empattement plus grande ? Je n'ai trouvé que le mode sombre dans les réglages.
2. Existe-t-il une lecture à voix haute des cartes et des résumés ? Sur iPhone je peux utiliser la fonction du système, mais sur le site web je n'ai rien trouvé.
3. Les résumés générés sont parfois très denses, avec de longues phrases. Peut-on demander un résumé « simplifié » ou plus aéré, avec des listes à puces ?
4. Pour les quiz, y a-t-il une option pour désactiver le chronomètre ? Le compte à rebours me stresse beaucoup et me fait faire des erreurs de lecture.
5. Enfin, est-ce que vous proposez un tarif réduit pour les étudiants en situation de handicap, ou est-ce que le service handicap de mon université pourrait prendre en charge l'abonnement (dans ce cas il me faudrait une facture à leur nom) ?

Je sais que cela fait beaucoup de questions, mais ces points sont décisifs pour moi. Si certaines fonctions n'existent pas encore, je serais aussi contente de savoir si elles sont prévues.

Merci beaucoup pour votre temps et votre réponse.

Bien cordialement,
Éloïse Garnier
`,
    },
    {
      slug: 'lien-connexion-expire',
      category: 'bug-report',
      from: ['Nathalie Roux', 'nathalie.roux@example.fr'],
      date: '2026-03-09 07:12 +0100',
      subject: 'Impossible de me connecter',
      mailer: 'webmail',
      notes: 'HTML-only',
      account: {
        plan: 'premium-monthly', status: 'past_due', signupDate: '2025-11-03', country: 'FR', platform: 'web', renewalDate: '2026-03-03', recordings: 1,
        sentryIssues: [
          { title: 'MagicLinkError: token expired or already used', culprit: 'api/auth/magic-link.ts in verifyToken', count: 6, lastSeenDaysAgo: 0, level: 'warning' },
        ],
      },
      html: `<html><body style="font-family: Arial, sans-serif; font-size: 13px;">
<div>Bonjour,</div>
<div><br></div>
<div>Quand je veux me connecter sur le site, je reçois bien l'e-mail avec le lien de connexion, mais quand je clique dessus on me dit <b>« Ce lien a expiré »</b>, alors que je clique dans la minute qui suit. J'ai essayé trois fois hier soir et encore ce matin, avec Firefox et avec Edge.</div>
<div><br></div>
<div>Je ne peux donc plus accéder à mes cartes. Pouvez-vous m'aider ?</div>
<div><br></div>
<div>Merci,</div>
<div>Nathalie Roux</div>
<div style="color:#888">-- <br>Envoyé depuis ma messagerie web</div>
</body></html>
`,
    },
    {
      slug: 'rgpd-acces-donnees',
      category: 'other',
      from: ['Antoine Mercier', 'antoine.mercier@example.be'],
      date: '2026-03-10 11:38 +0100',
      subject: "Demande d'accès à mes données personnelles (art. 15 RGPD)",
      mailer: 'thunderbird',
      notes: 'GDPR access request',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2025-06-17', country: 'BE', platform: 'android', renewalDate: '2026-03-17', recordings: 0 },
      text: `Madame, Monsieur,

Conformément à l'article 15 du Règlement général sur la protection des données, je souhaite obtenir une copie de l'ensemble des données personnelles me concernant que vous traitez, ainsi que les informations suivantes : finalités du traitement, destinataires (en particulier les éventuels sous-traitants d'intelligence artificielle auxquels mes documents sont transmis), durée de conservation et source des données.

Je vous remercie de me faire parvenir ces éléments dans un format électronique couramment utilisé.

Veuillez agréer, Madame, Monsieur, mes salutations distinguées.

Antoine Mercier
`,
    },
    {
      slug: 'generation-erreur-relance',
      category: 'bug-report',
      from: ['Camille Dubois', 'camille.dubois@example.fr'],
      date: '2026-03-03 09:05 +0100',
      subject: 'Re: Erreur lors de la génération des fiches',
      mailer: 'gmail',
      html: 'auto',
      followUp: { of: 'generation-erreur', via: 'self' },
      text: `Re-bonjour,

Petite précision : j'ai essayé ce matin avec un autre PDF beaucoup plus court (12 pages, cours de finances publiques) et j'ai exactement la même erreur. Ça ne vient donc pas de mon fichier. Sur mon téléphone, c'est pareil.

Camille
`,
    },
    {
      slug: 'rembourser-google-play',
      category: 'refund-request',
      from: ['Kevin Lambert', 'kev.lambert@mail.test'],
      date: '2026-03-12 23:04 +0100',
      subject: 'rembourssement',
      mailer: 'android',
      notes: 'very short; typos',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2026-03-11', country: 'FR', platform: 'android', renewalDate: '2026-04-11', recordings: 0 },
      text: `bjr jai payé hier sur google play mais jai meme pas utilisé lappli, je veux etre rembourser svp merci
`,
    },
  ],
};
