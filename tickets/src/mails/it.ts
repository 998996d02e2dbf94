// Italian sample mails (IT, Ticino).
import type { LanguageSet } from '../spec.js';

export const it: LanguageSet = {
  language: 'it',
  mails: [
    {
      slug: 'app-non-si-apre',
      category: 'bug-report',
      from: ['Giulia Romano', 'giulia.romano03@mail.test'],
      date: '2026-03-02 22:05 +0100',
      subject: 'non funziona',
      mailer: 'android',
      notes: 'very short',
      account: {
        plan: 'free', status: 'active', signupDate: '2026-01-19', country: 'IT', platform: 'android', recordings: 2,
        sentryIssues: [
          { title: 'android.database.sqlite.SQLiteDiskIOException: disk I/O error (code 4874)', culprit: 'ch.studyflash.app.db.AppDatabase in open', count: 11, lastSeenDaysAgo: 0, level: 'error' },
        ],
      },
      text: `l'app non si apre più, aiuto
`,
    },
    {
      slug: 'rimborso-registrazioni-audio',
      category: 'refund-request',
      from: ['Alessandro Ricci', 'alessandro.ricci@example.it'],
      date: '2026-03-03 16:48 +0100',
      subject: 'Registrazioni audio non funzionano – chiedo il rimborso',
      mailer: 'iphone',
      html: 'auto',
      notes: 'bug + refund -> refund-request',
      account: {
        plan: 'premium-monthly', status: 'active', signupDate: '2026-02-16', country: 'IT', platform: 'ios', renewalDate: '2026-03-16', recordings: 3,
        sentryIssues: [
          { title: 'TranscriptionError: audio/m4a upload rejected (413 Payload Too Large)', culprit: 'api/uploads/audio.ts in createUpload', count: 8, lastSeenDaysAgo: 1, level: 'error' },
        ],
      },
      text: `Buongiorno,

ho fatto l'abbonamento Premium due settimane fa soprattutto per poter caricare le registrazioni delle lezioni (durano circa un'ora e mezza ciascuna). Purtroppo ogni volta che provo a caricarne una, dopo qualche minuto compare "Caricamento non riuscito". Ho provato con tre registrazioni diverse e anche con il Wi-Fi dell'università.

Visto che la funzione per cui ho pagato non funziona, vorrei essere rimborsato dell'abbonamento e disdirlo.

Grazie,
Alessandro Ricci

Inviato da iPhone
`,
    },
    {
      slug: 'come-disdire-web',
      category: 'product-question',
      from: ['Francesca Greco', 'francesca.greco@example.it'],
      date: '2026-03-04 11:22 +0100',
      subject: 'Disdetta abbonamento',
      mailer: 'gmail',
      html: 'auto',
      notes: 'cancel without refund',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2025-10-30', country: 'IT', platform: 'web', renewalDate: '2026-03-30', recordings: 0 },
      text: `Salve,

vorrei disdire il rinnovo automatico del mio abbonamento mensile, che ho attivato dal sito con la carta. Non chiedo nessun rimborso, voglio solo che a fine marzo non venga addebitato il mese successivo. Dove trovo l'opzione? Nelle impostazioni del profilo vedo solo "Gestisci piano" ma mi rimanda alla pagina dei prezzi.

Cordiali saluti,
Francesca Greco
`,
    },
    {
      slug: 'candidatura-stage-marketing',
      category: 'other',
      from: ['Matteo Conti', 'matteo.conti@example.it'],
      date: '2026-03-05 09:15 +0100',
      subject: 'Candidatura spontanea – stage Growth Marketing mercato italiano',
      mailer: 'outlook',
      html: 'auto',
      notes: 'job application',
      account: null,
      attachments: [{ kind: 'pdf', filename: 'CV_Matteo_Conti_2026.pdf', caption: 'Curriculum Vitae Matteo Conti' }],
      text: `Gentile team di Studyflash,

mi chiamo Matteo Conti e sto concludendo la laurea magistrale in Marketing e Comunicazione all'Università di Bologna. Seguo Studyflash da quando avete lanciato la versione italiana e credo che ci sia ancora molto spazio per crescere tra gli studenti universitari in Italia.

Vorrei propormi per uno stage di sei mesi nel vostro team di growth marketing, anche da remoto. Nel mio ultimo tirocinio ho gestito le campagne TikTok e Instagram di una piccola startup edtech, portando le iscrizioni mensili da circa 800 a 3.000.

In allegato trovate il mio CV. Resto a disposizione per un colloquio.

Cordiali saluti,
Matteo Conti
`,
    },
    {
      slug: 'formule-latex-grezze',
      category: 'bug-report',
      from: ['Chiara Bruno', 'chiara.bruno@example.ch'],
      date: '2026-03-06 14:39 +0100',
      subject: 'Le formule nelle flashcard compaiono come codice',
      mailer: 'apple',
      html: 'auto',
      attachments: [{ kind: 'png', filename: 'Schermata 2026-03-06 alle 14.31.02.png', caption: 'latex raw in card' }],
      account: {
        plan: 'premium-yearly', status: 'active', signupDate: '2025-09-18', country: 'CH', platform: 'web', renewalDate: '2026-09-18', recordings: 4,
        sentryIssues: [
          { title: 'KaTeXParseError: Undefined control sequence \\mathbbm', culprit: 'web/components/card/MathRenderer.tsx in renderToString', count: 19, lastSeenDaysAgo: 0, level: 'warning' },
        ],
      },
      text: `Ciao,

studio ingegneria al Politecnico e carico spesso gli appunti di Analisi 2. Da qualche giorno nelle flashcard le formule non vengono più visualizzate correttamente: vedo il codice tipo "\\int_0^1 f(x)\\,dx" invece della formula. Succede sia nelle carte nuove sia in quelle vecchie che prima si vedevano bene. Allego uno screenshot.

Uso Safari sul Mac, ma ho provato anche con Chrome ed è uguale.

Grazie mille,
Chiara
`,
    },
    {
      slug: 'prezzo-franchi-fattura',
      category: 'product-question',
      from: ['Davide Marino', 'davide.marino@example.it'],
      date: '2026-03-07 10:50 +0100',
      subject: 'Prezzo in CHF e fattura con partita IVA',
      mailer: 'thunderbird',
      account: { plan: 'free', status: 'active', signupDate: '2026-02-22', country: 'IT', platform: 'web', recordings: 1 },
      text: `Buongiorno,

sulla pagina dei prezzi a volte vedo gli importi in franchi svizzeri e a volte in euro. Se pago dall'Italia con la carta, in che valuta mi viene addebitato il piano annuale?

Inoltre lavoro come libero professionista e studio per l'esame di abilitazione: è possibile ricevere una fattura intestata con partita IVA?

Grazie e buona giornata,
Davide Marino
`,
    },
    {
      slug: 'grazie-maturita',
      category: 'other',
      from: ['Sofia Gallo', 'sofia.gallo@mail.test'],
      date: '2026-03-08 19:03 +0100',
      subject: 'grazie di cuore ❤️',
      mailer: 'iphone',
      notes: 'praise',
      account: { plan: 'free', status: 'active', signupDate: '2025-11-02', country: 'IT', platform: 'ios', recordings: 0 },
      text: `Ciao a tutti!

Volevo solo dirvi grazie. Sono al quinto anno di liceo classico e con la vostra app ho finalmente capito come ripassare storia e filosofia senza impazzire. La simulazione di ieri è andata benissimo, la prof mi ha fatto i complimenti per come mi sono preparata.

Continuate così!!
Sofia
`,
    },
    {
      slug: 'addebito-dopo-disdetta-play',
      category: 'refund-request',
      from: ['Lorenzo Esposito', 'lorenzo.esposito@example.it'],
      date: '2026-03-09 13:27 +0100',
      subject: 'Addebito dopo la disdetta su Google Play',
      mailer: 'android',
      account: { plan: 'premium-monthly', status: 'cancelled', signupDate: '2025-11-09', country: 'IT', platform: 'android', recordings: 0 },
      text: `Salve,

ho disdetto l'abbonamento su Google Play il 6 marzo, ho anche la mail di conferma di Google. Ieri però mi è arrivato un altro addebito di 9,99 €. Potete controllare e restituirmi i soldi? Non voglio che mi venga addebitato più niente.

Grazie
Lorenzo Esposito
`,
    },
    {
      slug: 'app-non-si-apre-dettagli',
      category: 'bug-report',
      from: ['Giulia Romano', 'giulia.romano03@mail.test'],
      date: '2026-03-03 08:12 +0100',
      subject: 'Re: non funziona',
      mailer: 'android',
      followUp: { of: 'app-non-si-apre', via: 'self' },
      text: `scusate ieri sera ero di fretta. Ho un Huawei P30 lite, quando apro l'app si vede lo schermo bianco e dopo qualche secondo si chiude. È successo dopo che il telefono si è spento perché era scarico mentre stavo facendo un quiz. Ho 6 mazzi che non voglio perdere, se disinstallo li perdo?
`,
    },
    {
      slug: 'importare-da-drive',
      category: 'product-question',
      from: ['Martina Colombo', 'martina.colombo@example.it'],
      date: '2026-03-10 17:14 +0100',
      subject: 'Importare file da Google Drive o Notion',
      mailer: 'webmail',
      notes: 'HTML-only',
      account: { plan: 'premium-monthly', status: 'trial', signupDate: '2026-03-08', country: 'IT', platform: 'web', renewalDate: '2026-03-15', recordings: 2 },
      html: `<html><body>
<p style="margin:0">Buonasera,</p>
<p style="margin:0">&nbsp;</p>
<p style="margin:0">sto provando la versione di prova e mi trovo bene. Tutti i miei appunti però sono su <b>Google Drive</b> (PDF) e su <b>Notion</b>.</p>
<p style="margin:0">C'è un modo per collegare direttamente Drive o Notion, invece di scaricare ogni file e ricaricarlo? E se modifico una pagina su Notion, le flashcard si aggiornano da sole?</p>
<p style="margin:0">&nbsp;</p>
<p style="margin:0">Grazie,<br>Martina</p>
</body></html>
`,
    },
    {
      slug: 'rimborso-figlio-minorenne',
      category: 'refund-request',
      from: ['Roberto Ferrari', 'roberto.ferrari@example.it'],
      date: '2026-03-11 20:52 +0100',
      subject: 'Acquisto non autorizzato da parte di mio figlio minorenne',
      mailer: 'outlook',
      account: { plan: 'premium-yearly', status: 'active', signupDate: '2026-03-10', country: 'IT', platform: 'web', renewalDate: '2027-03-10', recordings: 0 },
      text: `Spett.le Studyflash,

scrivo in qualità di genitore. Mio figlio, che ha 15 anni, ha sottoscritto ieri un abbonamento annuale sul vostro sito utilizzando la mia carta di credito senza il mio consenso. L'importo addebitato è di 59,99 €.

Vi chiedo di annullare l'abbonamento e di riaccreditare l'intero importo sulla carta. L'account è registrato con l'indirizzo email da cui scrivo, che mio figlio ha usato.

Distinti saluti,
Roberto Ferrari
`,
    },
    {
      slug: 'collaborazione-studytuber',
      category: 'other',
      from: ['Aurora Studia', 'collab.aurorastudia@mail.test'],
      date: '2026-03-12 15:30 +0100',
      subject: 'Proposta di collaborazione – canale YouTube di study with me',
      mailer: 'gmail',
      html: 'auto',
      notes: 'partnership / influencer',
      account: { plan: 'premium-yearly', status: 'active', signupDate: '2025-07-01', country: 'IT', platform: 'ios', renewalDate: '2026-07-01', recordings: 0 },
      text: `Ciao Studyflash!

Sono Aurora, ho un canale YouTube e un profilo TikTok dove pubblico video "study with me" e consigli di metodo di studio per universitari (circa 85 mila iscritti su YouTube e 120 mila follower su TikTok, pubblico al 70% italiano, 18-24 anni).

Uso già la vostra app per preparare i miei esami di medicina e mi piacerebbe proporvi una collaborazione: un video dedicato più alcune storie, con un codice sconto per la mia community. Posso mandarvi il media kit con le statistiche e le tariffe.

Fatemi sapere se vi interessa!
Aurora
`,
    },
  ],
};
