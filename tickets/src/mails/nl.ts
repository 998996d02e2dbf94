// Dutch sample mails (NL, BE Flanders).
import type { LanguageSet } from '../spec.js';

export const nl: LanguageSet = {
  language: 'nl',
  mails: [
    {
      slug: 'samenvatting-leeg-pptx',
      category: 'bug-report',
      from: ['Daan de Jong', 'daan.dejong@example.nl'],
      date: '2026-03-02 13:44 +0100',
      subject: 'Samenvatting blijft leeg bij PowerPoint',
      mailer: 'gmail',
      html: 'auto',
      account: {
        plan: 'premium-monthly', status: 'active', signupDate: '2025-10-12', country: 'NL', platform: 'web', renewalDate: '2026-04-12', recordings: 4,
        sentryIssues: [
          { title: 'ExtractionError: pptx contains no text layer (0 runs in 48 slides)', culprit: 'workers/ingest/pptx.ts in readSlides', count: 15, lastSeenDaysAgo: 1, level: 'error' },
        ],
      },
      text: `Hoi,

Als ik de sheets van mijn college Bestuurskunde upload (.pptx, 48 dia's), krijg ik wel flashcards maar de samenvatting is helemaal leeg. Er staat alleen de titel boven en verder niks. Bij PDF's werkt het gewoon.

Is dit een bekend probleem? Ik gebruik de website in Chrome.

Groetjes,
Daan
`,
    },
    {
      slug: 'dubbel-abonnement',
      category: 'refund-request',
      from: ['Sanne Bakker', 'sanne.bakker@example.nl'],
      date: '2026-03-03 09:31 +0100',
      subject: 'Twee keer Premium betaald (App Store én website)',
      mailer: 'iphone',
      html: 'auto',
      account: { plan: 'premium-yearly', status: 'active', signupDate: '2025-11-20', country: 'NL', platform: 'ios', renewalDate: '2026-11-20', recordings: 1 },
      text: `Goedemorgen,

Ik zie nu pas dat ik Premium twee keer betaal: één keer het jaarabonnement via de App Store (november) en sinds januari ook nog een maandabonnement via jullie website met iDEAL. Ik dacht dat het op de site niet gelukt was en heb het daarom opnieuw geprobeerd.

Kunnen jullie het maandabonnement stopzetten en de bedragen van januari, februari en maart terugstorten? Het jaarabonnement wil ik houden.

Alvast bedankt,
Sanne Bakker

Verstuurd vanaf mijn iPhone
`,
    },
    {
      slug: 'opzeggen-google-play',
      category: 'product-question',
      from: ['Ruben Visser', 'ruben.visser@mail.test'],
      date: '2026-03-04 20:09 +0100',
      subject: 'Abonnement opzeggen',
      mailer: 'android',
      notes: 'cancel without refund',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2025-09-25', country: 'NL', platform: 'android', renewalDate: '2026-03-25', recordings: 0 },
      text: `Hallo,

Ik wil mijn abonnement opzeggen omdat ik na deze periode klaar ben met mijn tentamens. Geld terug hoeft niet, ik wil alleen dat het niet meer verlengd wordt. In de app kan ik het niet vinden. Moet ik dat via Google Play doen? En blijven mijn kaartjes daarna bewaard als ik terug ga naar gratis?

Groet,
Ruben
`,
    },
    {
      slug: 'hogeschool-licentie',
      category: 'other',
      from: ['Marloes Jansen', 'm.jansen@hogeschool-example.nl'],
      date: '2026-03-05 10:55 +0100',
      subject: 'Studyflash inzetten in de opleiding Verpleegkunde',
      mailer: 'outlook',
      html: 'auto',
      notes: 'schools/B2B',
      account: null,
      text: `Beste Studyflash,

Ik ben docent en curriculumcoördinator bij de opleiding Verpleegkunde van een hogeschool in Utrecht. Verschillende studenten gebruiken jullie app al om zich voor te bereiden op de farmacologietoetsen en zijn er erg positief over.

Wij onderzoeken of we Studyflash volgend studiejaar structureel kunnen aanbieden aan ongeveer 350 eerstejaars. Ik ben benieuwd naar:
• de mogelijkheden voor een instellingslicentie en de bijbehorende prijzen;
• of docenten zelf gecontroleerde kaartensets kunnen klaarzetten voor een hele groep;
• hoe jullie omgaan met privacy (verwerkersovereenkomst, opslag binnen de EU).

Zouden we hier binnenkort een online afspraak over kunnen plannen?

Met vriendelijke groet,

Marloes Jansen
Docent / curriculumcoördinator Verpleegkunde
`,
    },
    {
      slug: 'handgeschreven-aantekeningen',
      category: 'product-question',
      from: ['Fleur Smit', 'fleur.smit@example.be'],
      date: '2026-03-06 16:17 +0100',
      subject: "foto's van aantekeningen uploaden?",
      mailer: 'iphone',
      account: { plan: 'free', status: 'active', signupDate: '2026-02-14', country: 'BE', platform: 'ios', recordings: 1 },
      text: `Dag Studyflash,

Ik schrijf mijn notities met de hand in een schrift. Kan ik daar foto's van maken en die uploaden zodat de app er kaartjes van maakt? En werkt dat ook met een beetje slordig handschrift 😅

Merci!
Fleur
`,
    },
    {
      slug: 'examenplanner',
      category: 'product-question',
      from: ['Thijs Mulder', 'thijs.mulder@example.nl'],
      date: '2026-03-07 11:03 +0100',
      subject: 'Leerplanning tot aan tentamen',
      mailer: 'apple',
      html: 'auto',
      account: { plan: 'premium-yearly', status: 'active', signupDate: '2025-08-30', country: 'NL', platform: 'ios', renewalDate: '2026-08-30', recordings: 2 },
      text: `Hallo,

Bestaat er in Studyflash een functie waarbij ik mijn tentamendatum invul en de app dan zelf verdeelt hoeveel kaarten ik per dag moet doen? Ik heb op 2 april een tentamen Anatomie met ongeveer 900 kaarten en ik wil niet in de laatste week alles moeten stampen.

Als dat niet bestaat: hoe kan ik het beste instellen dat ik elke dag een vast aantal nieuwe kaarten krijg?

Bedankt,
Thijs
`,
    },
    {
      slug: 'lange-klacht-jaarabonnement',
      category: 'refund-request',
      from: ['Eva van Dijk', 'eva.vandijk@example.nl'],
      date: '2026-03-08 21:40 +0100',
      subject: 'Klacht en verzoek om terugbetaling jaarabonnement',
      mailer: 'gmail',
      html: 'auto',
      notes: 'very long; quality complaint + refund',
      account: {
        plan: 'premium-yearly', status: 'active', signupDate: '2026-01-25', country: 'NL', platform: 'web', renewalDate: '2027-01-25', recordings: 9,
        sentryIssues: [
          { title: 'GenerationQualityWarning: 38% of cards flagged as duplicate', culprit: 'workers/generate/dedupe.ts in scoreDeck', count: 4, lastSeenDaysAgo: 6, level: 'warning' },
        ],
      },
      text: `Beste klantenservice,

Eind januari heb ik een jaarabonnement Premium afgesloten via jullie website (€ 59,99). Ik wil dat graag opzeggen en het bedrag terugkrijgen, en ik leg hieronder uit waarom.

Ik studeer Rechten in Leiden en had gehoopt dat Studyflash me tijd zou besparen bij het maken van samenvattingen en oefenvragen voor Staatsrecht en Verbintenissenrecht. In de praktijk is het tegendeel gebeurd:

- Veel gegenereerde kaartjes zijn dubbel of bijna dubbel. Bij een reader van 120 pagina's kreeg ik ruim 400 kaartjes, waarvan ik er na controle ongeveer 150 heb moeten verwijderen.
- Een aantal antwoorden klopt inhoudelijk niet. Zo stond er bij een kaartje over de Hoge Raad een arrest met het verkeerde jaartal, en bij een ander werd een artikel uit het oude BW aangehaald. Omdat ik dat niet altijd meteen zie, moet ik alles naast mijn reader leggen om het te controleren.
- De samenvattingen laten belangrijke uitzonderingen weg, terwijl juist die op het tentamen gevraagd worden.
- Het genereren duurt bij grotere bestanden soms meer dan tien minuten, en twee keer is het halverwege afgebroken zodat ik opnieuw moest beginnen.

Ik heb hierover op 14 februari al een keer via de chat in de app contact gezocht, maar daar kreeg ik alleen een standaardantwoord dat ik de kaartjes zelf kan aanpassen. Dat weet ik, maar dan ben ik meer tijd kwijt dan wanneer ik de kaartjes helemaal zelf maak.

Ik heb de app nu ruim zes weken gebruikt en kom tot de conclusie dat hij voor mijn studie niet geschikt is. Ik verzoek jullie daarom het jaarabonnement per direct te beëindigen en mij het aankoopbedrag terug te betalen, eventueel naar rato voor de resterende maanden.

Ik hoor graag binnen twee weken van jullie.

Met vriendelijke groet,
Eva van Dijk
`,
    },
    {
      slug: 'avg-account-verwijderen',
      category: 'other',
      from: ['Joris Peeters', 'joris.peeters@example.be'],
      date: '2026-03-09 14:21 +0100',
      subject: 'Verzoek tot verwijdering account en gegevens (AVG)',
      mailer: 'webmail',
      notes: 'GDPR deletion request',
      account: { plan: 'free', status: 'active', signupDate: '2025-05-02', country: 'BE', platform: 'web', recordings: 0 },
      text: `Geachte,

Op grond van artikel 17 van de AVG verzoek ik u mijn account bij Studyflash en alle bijbehorende persoonsgegevens te verwijderen, inclusief de documenten die ik heb geüpload en de gegevens die via analysetools over mijn gebruik zijn verzameld.

Graag ontvang ik een bevestiging zodra de verwijdering is uitgevoerd.

Met vriendelijke groeten,
Joris Peeters
`,
    },
    {
      slug: 'samenvatting-leeg-opnieuw',
      category: 'bug-report',
      from: ['Daan de Jong', 'daan.dejong@example.nl'],
      date: '2026-03-10 08:58 +0100',
      subject: 'Re: Samenvatting blijft leeg bij PowerPoint',
      mailer: 'gmail',
      html: 'auto',
      followUp: {
        of: 'samenvatting-leeg-pptx',
        via: 'support',
        supportAgent: 'Jan de Vries',
        supportAfterMinutes: 2900,
        supportReply: `Hoi Daan,

Bedankt voor je melding. Zou je als tussenoplossing de dia's als PDF kunnen exporteren en die uploaden? Ondertussen kijken onze ontwikkelaars naar het probleem met .pptx.

Groeten,
Jan de Vries
Studyflash Support`,
      },
      text: `Hoi Jan,

Als PDF werkt het inderdaad, dank je. Maar nu heb ik het met een ander college (Politicologie, ook .pptx) geprobeerd en daar is de samenvatting ook weer leeg. Het is dus niet alleen dat ene bestand. Wordt dit nog opgelost? Ik heb zo'n 15 van die bestanden en wil ze niet allemaal omzetten.

Daan
`,
    },
    {
      slug: 'ipad-traag-gemengd',
      category: 'bug-report',
      from: ['Noah Willems', 'noah.willems@mail.test'],
      date: '2026-03-11 19:26 +0100',
      subject: 'App super traag / laggy on iPad',
      mailer: 'iphone',
      notes: 'mixed Dutch/English',
      account: {
        plan: 'premium-monthly', status: 'active', signupDate: '2025-12-05', country: 'NL', platform: 'ios', renewalDate: '2026-04-05', recordings: 6,
        sentryIssues: [
          { title: 'App Hanging: main thread blocked for 4200 ms', culprit: 'Studyflash/Deck/DeckListView.swift in body.getter', count: 88, lastSeenDaysAgo: 0, level: 'warning' },
        ],
      },
      text: `Hey,

Sinds een paar dagen is de app echt super traag op mijn iPad (iPad Air 5). Scrolling through my decks lagt heel erg, en als ik een kaart omdraai duurt het soms 3-4 seconden before the answer shows up. Op mijn telefoon is het normaal.

I have like 40 decks, misschien ligt het daaraan? Opnieuw installeren helpt niet.

Thanks,
Noah
`,
    },
    {
      slug: 'proefperiode-afgeschreven',
      category: 'refund-request',
      from: ['Lotte Hendriks', 'lotte.hendriks@example.nl'],
      date: '2026-03-12 12:34 +0100',
      subject: 'Afschrijving na proefperiode',
      mailer: 'thunderbird',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2026-03-04', country: 'NL', platform: 'web', renewalDate: '2026-04-11', recordings: 1 },
      text: `Beste medewerker,

Vorige week heb ik de gratis proefperiode van Premium gestart. Ik had niet door dat die maar zeven dagen duurt en dat daarna automatisch een betaald abonnement ingaat. Vandaag is er € 9,99 via PayPal afgeschreven.

Ik heb de app na de eerste dag eigenlijk niet meer gebruikt. Zouden jullie dit bedrag willen terugstorten en het abonnement stoppen?

Vriendelijke groet,
Lotte Hendriks
`,
    },
    {
      slug: 'compliment-suggestie',
      category: 'other',
      from: ['Bram Koster', 'bram.koster@example.nl'],
      date: '2026-03-13 17:49 +0100',
      subject: 'Complimenten + een idee',
      mailer: 'gmail',
      html: 'auto',
      notes: 'praise and feature suggestion, no question',
      account: { plan: 'premium-yearly', status: 'active', signupDate: '2025-02-10', country: 'NL', platform: 'android', renewalDate: '2027-02-10', recordings: 0 },
      text: `Hoi team,

Gewoon even een compliment: sinds ik Studyflash gebruik haal ik voor het eerst al mijn vakken in één keer. Vooral de quizzes voor Statistiek hebben me enorm geholpen.

Een klein idee voor de toekomst: het zou handig zijn als je bij een kaartje kunt aangeven uit welke pagina van de PDF het komt, zodat je snel de context terug kunt lezen. Geen haast hoor, het is nu al top.

Groeten uit Groningen,
Bram
`,
    },
  ],
};
