// Smaller languages in the inbox: Portuguese, Polish, Swedish.
import type { LanguageSet } from '../spec.js';

export const pt: LanguageSet = {
  language: 'pt',
  mails: [
    {
      slug: 'login-google-loop',
      category: 'bug-report',
      from: ['Beatriz Almeida', 'beatriz.almeida@example.pt'],
      date: '2026-03-03 10:40 +0000',
      subject: 'Não consigo entrar com a conta Google',
      mailer: 'android',
      account: {
        plan: 'premium-monthly', status: 'active', signupDate: '2025-10-20', country: 'PT', platform: 'android', renewalDate: '2026-04-20', recordings: 4,
        sentryIssues: [
          { title: 'GoogleSignInException: 12501 (sign in cancelled) after credential manager retry', culprit: 'ch.studyflash.app.auth.GoogleAuthClient in signIn', count: 19, lastSeenDaysAgo: 0, level: 'error' },
        ],
      },
      text: `Olá,

Desde ontem, quando carrego em "Continuar com Google", escolho a minha conta e a aplicação volta ao ecrã inicial de login, como se nada tivesse acontecido. Fica nisto em loop. No computador consigo entrar normalmente.

O telemóvel é um Samsung Galaxy S23. Já limpei a cache e reinstalei a app.

Obrigada,
Beatriz
`,
    },
    {
      slug: 'reembolso-assinatura-anual',
      category: 'refund-request',
      from: ['Rafael Souza', 'rafael.souza@mail.test'],
      date: '2026-03-06 19:55 +0000',
      subject: 'Pedido de reembolso da assinatura anual',
      mailer: 'iphone',
      account: { plan: 'premium-yearly', status: 'active', signupDate: '2026-02-27', country: 'PT', platform: 'ios', renewalDate: '2027-03-06', recordings: 0 },
      text: `Boa tarde,

Sou brasileiro e estou fazendo intercâmbio em Lisboa. Ativei o período de teste grátis pensando que seria cobrado só o plano mensal, mas hoje foram cobrados 59,99 € do plano anual pela App Store. Não tenho condições de pagar esse valor agora.

Gostaria de pedir o reembolso total. Se precisarem, posso mandar o recibo da Apple.

Obrigado,
Rafael
`,
    },
    {
      slug: 'portugues-europeu',
      category: 'product-question',
      from: ['Inês Carvalho', 'ines.carvalho@example.pt'],
      date: '2026-03-09 15:12 +0000',
      subject: 'Português de Portugal nos resumos?',
      mailer: 'gmail',
      html: 'auto',
      account: { plan: 'free', status: 'active', signupDate: '2026-03-01', country: 'PT', platform: 'web', recordings: 1 },
      text: `Olá!

Os resumos que a app gera a partir dos meus apontamentos vêm escritos em português do Brasil ("você", "arquivo", "ônibus"...). Os meus professores descontam por isso nos trabalhos. Há alguma definição para escolher português europeu?

Obrigada e bom trabalho,
Inês
`,
    },
    {
      slug: 'parceria-associacao-academica',
      category: 'other',
      from: ['Tiago Ferreira', 'parcerias@associacao-example.pt'],
      date: '2026-03-11 11:30 +0000',
      subject: 'Parceria com a Associação Académica',
      mailer: 'outlook',
      html: 'auto',
      notes: 'partnership',
      account: null,
      text: `Exmos. Senhores,

Sou o responsável pelas parcerias da associação académica de uma faculdade de Engenharia no Porto. Na época de exames organizamos sessões de estudo com mais de 500 estudantes e gostaríamos de vos propor uma parceria: divulgação da Studyflash nas nossas redes e nas sessões, em troca de descontos para os nossos associados.

Teriam interesse em conversar?

Com os melhores cumprimentos,
Tiago Ferreira
`,
    },
  ],
};

export const pl: LanguageSet = {
  language: 'pl',
  mails: [
    {
      slug: 'blad-generowania-quizu',
      category: 'bug-report',
      from: ['Kacper Nowak', 'kacper.nowak@example.pl'],
      date: '2026-03-04 18:20 +0100',
      subject: 'Błąd przy tworzeniu quizu',
      mailer: 'gmail',
      html: 'auto',
      account: {
        plan: 'premium-monthly', status: 'active', signupDate: '2025-11-24', country: 'PL', platform: 'web', renewalDate: '2026-03-24', recordings: 3,
        sentryIssues: [
          { title: 'ZodError: quiz.questions[7].options must contain at least 2 items', culprit: 'workers/generate/quiz.ts in validateQuiz', count: 16, lastSeenDaysAgo: 0, level: 'error' },
        ],
      },
      text: `Dzień dobry,

Kiedy próbuję wygenerować quiz z notatek z mikrobiologii, po około minucie pojawia się komunikat „Nie udało się utworzyć quizu. Spróbuj ponownie później”. Fiszki z tego samego pliku tworzą się bez problemu. Próbowałem wczoraj i dzisiaj, w Chrome i w Firefoksie.

Pozdrawiam,
Kacper Nowak
`,
    },
    {
      slug: 'zwrot-podwojna-platnosc',
      category: 'refund-request',
      from: ['Zuzanna Wiśniewska', 'zuzanna.w@mail.test'],
      date: '2026-03-05 09:48 +0100',
      subject: 'Podwójna płatność – prośba o zwrot',
      mailer: 'iphone',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2026-02-05', country: 'PL', platform: 'web', renewalDate: '2026-04-05', recordings: 1 },
      text: `Dzień dobry,

Przy przedłużeniu subskrypcji Premium na stronie zapłaciłam kartą i strona się zawiesiła, więc kliknęłam jeszcze raz. W banku widzę teraz dwie płatności po 42,99 zł z tego samego dnia. Proszę o zwrot jednej z nich.

Z poważaniem,
Zuzanna Wiśniewska

Wysłane z iPhone'a
`,
    },
    {
      slug: 'zmiana-planu-na-roczny',
      category: 'product-question',
      from: ['Michał Kowalczyk', 'michal.kowalczyk@example.pl'],
      date: '2026-03-07 12:05 +0100',
      subject: 'Zmiana z miesięcznego na roczny',
      mailer: 'android',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2025-10-01', country: 'PL', platform: 'android', renewalDate: '2026-04-01', recordings: 0 },
      text: `Cześć,

mam plan miesięczny kupiony przez Google Play i chciałbym przejść na roczny, bo wychodzi taniej. Czy jak zmienię plan teraz, to zapłacę od razu całość, czy dopiero po końcu obecnego miesiąca? I czy moje fiszki i statystyki zostaną?

Dzięki,
Michał
`,
    },
    {
      slug: 'oferta-tlumaczen-spam',
      category: 'other',
      from: ['Biuro Tłumaczeń Lingwa', 'oferty@tlumaczenia-example.pl'],
      date: '2026-03-10 07:02 +0100',
      subject: 'Profesjonalne tłumaczenia aplikacji – rabat 30%',
      mailer: 'webmail',
      html: 'auto',
      notes: 'spam / unsolicited offer',
      account: null,
      text: `Szanowni Państwo,

zauważyliśmy, że Państwa aplikacja jest dostępna w wielu językach. Nasze biuro specjalizuje się w lokalizacji aplikacji mobilnych i stron internetowych na ponad 40 języków. Tylko w marcu oferujemy rabat 30% na pierwsze zlecenie.

Zapraszamy do kontaktu, chętnie przygotujemy bezpłatną wycenę.

Z wyrazami szacunku,
Dział Sprzedaży
`,
    },
  ],
};

export const sv: LanguageSet = {
  language: 'sv',
  mails: [
    {
      slug: 'appen-kraschar-flashcards',
      category: 'bug-report',
      from: ['Elin Lindqvist', 'elin.lindqvist@example.se'],
      date: '2026-03-03 20:14 +0100',
      subject: 'Appen kraschar när jag vänder kort',
      mailer: 'iphone',
      account: {
        plan: 'premium-yearly', status: 'active', signupDate: '2025-08-25', country: 'SE', platform: 'ios', renewalDate: '2026-08-25', recordings: 2,
        sentryIssues: [
          { title: 'Fatal error: Index out of range in CardFlipView', culprit: 'Studyflash/Cards/CardFlipView.swift in flip()', count: 23, lastSeenDaysAgo: 0, level: 'error' },
        ],
      },
      text: `Hej!

Sedan uppdateringen i helgen kraschar appen ungefär var tionde gång jag vänder ett kort i leken "Cellbiologi". Den stängs bara ner. Jag har iPhone 14 med iOS 18.3.

Tack på förhand,
Elin
`,
    },
    {
      slug: 'studentrabatt-fraga',
      category: 'product-question',
      from: ['Oscar Berg', 'oscar.berg@mail.test'],
      date: '2026-03-08 10:33 +0100',
      subject: 'Fråga om pris och svenska',
      mailer: 'gmail',
      html: 'auto',
      account: { plan: 'free', status: 'active', signupDate: '2026-03-02', country: 'SE', platform: 'web', recordings: 1 },
      text: `Hej,

Två snabba frågor: finns det studentrabatt om man pluggar i Sverige, och kan appen göra flashcards på svenska om mina föreläsningsanteckningar är på svenska? Jag testade en gång och fick dem på engelska.

Mvh
Oscar
`,
    },
    {
      slug: 'tack-tentan',
      category: 'other',
      from: ['Maja Holm', 'maja.holm@example.se'],
      date: '2026-03-13 16:50 +0100',
      subject: 'Tack!',
      mailer: 'apple',
      html: 'auto',
      notes: 'praise',
      account: { plan: 'premium-monthly', status: 'active', signupDate: '2025-12-14', country: 'SE', platform: 'ios', renewalDate: '2026-04-14', recordings: 0 },
      text: `Hej Studyflash,

Ville bara säga tack. Klarade min omtenta i organisk kemi idag efter att ha kört era quiz varje kväll i tre veckor. Första gången jag faktiskt förstod reaktionsmekanismerna istället för att bara plugga in dem.

Hälsningar
Maja
`,
    },
  ],
};
