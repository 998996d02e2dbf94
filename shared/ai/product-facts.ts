// What support may say about Studyflash: the product, plans, payments, cancelling, refunds and
// privacy. Claude's system prompt is built from this (shared/ai/prompt.ts), so a draft can only
// state what is written here. Prices, amounts and dates are deliberately absent: they differ by
// country and store, and a human decides anything about money.

export interface ProductFacts {
  product: string[];
  plans: string[];
  payments: string[];
  cancel: { platform: 'iOS (App Store)' | 'Android (Google Play)' | 'Web'; steps: string }[];
  refunds: string[];
  account: string[];
  troubleshooting: string[];
  privacy: string[];
  business: string[];
}

export const PRODUCT_FACTS: ProductFacts = {
  product: [
    'Studyflash is an AI study app for students, available for iPhone/iPad (App Store), Android (Google Play) and in the web browser.',
    'Students upload their learning material (PDFs, lecture slides, documents, photos of notes) and Studyflash generates flashcards, summaries and quizzes from it.',
    'Flashcards are practised with spaced repetition: the app schedules each card again when it is about to be forgotten.',
    'Generated content can be edited: cards can be changed, deleted or added by hand, and decks can be organised in folders.',
    'Material in many languages is supported; content is generated in the language of the uploaded document.',
    'Decks and learning progress sync across all devices where the student is logged in with the same account.',
  ],
  plans: [
    'There is a Free plan with a limited number of AI generations and uploads.',
    'Premium removes those limits and unlocks all features; it is a subscription billed monthly or yearly.',
    'Prices depend on the country and on where the subscription is bought (App Store, Google Play or web); the current price is always shown in the app before purchase. Support never quotes prices.',
    'Some offers start with a free trial. A trial turns into a paid subscription automatically unless it is cancelled before the trial ends, on the platform where it was started.',
    'Subscriptions renew automatically at the end of each period until they are cancelled.',
  ],
  payments: [
    'Purchases in the iOS app are billed by Apple through the App Store and the customer\'s Apple ID.',
    'Purchases in the Android app are billed by Google through Google Play.',
    'Purchases on the website are billed by Studyflash through its payment provider (card payments).',
    'A subscription can only be managed on the platform where it was bought: an App Store subscription cannot be changed or cancelled on the website, and the other way round.',
    'Studyflash never asks for full card numbers, bank details or passwords by e-mail.',
  ],
  cancel: [
    { platform: 'iOS (App Store)', steps: 'iPhone Settings → tap your name → Subscriptions → Studyflash → Cancel Subscription.' },
    { platform: 'Android (Google Play)', steps: 'Google Play Store app → profile icon → Payments & subscriptions → Subscriptions → Studyflash → Cancel subscription.' },
    { platform: 'Web', steps: 'Log in on the Studyflash website → Settings → Subscription → Cancel subscription.' },
  ],
  refunds: [
    'Deleting the app or the account does not cancel a subscription; it must be cancelled as described for its platform.',
    'After cancelling, Premium stays active until the end of the period already paid for; no further renewal is charged.',
    'Refunds for App Store purchases are decided by Apple, not by Studyflash: the customer requests them at reportaproblem.apple.com with their Apple ID.',
    'Refunds for Google Play purchases are handled through Google Play (Play Store → Payments & subscriptions → Budget & history, or Google\'s refund request form).',
    'For purchases made on the website, the billing team reviews each refund request individually; a human decides whether and how much is refunded.',
    'Support may explain these routes, but never says that a refund will be, or has been, granted, and never names an amount or a date.',
  ],
  account: [
    'Login works with e-mail and password, or with Google or Apple sign-in. A forgotten password is reset with "Forgot password" on the login screen.',
    'Customers who signed up with Apple or Google must keep logging in the same way, otherwise they see an empty new account.',
    'The account can be deleted in the app under Settings → Account → Delete account; this removes decks and progress permanently.',
    'The e-mail address of an account can be changed in Settings → Account.',
  ],
  troubleshooting: [
    'For bugs, ask for: device and operating system, app version (Settings → About), what they did, what happened, and a screenshot or screen recording.',
    'First steps that often help: update the app to the latest version, check the internet connection, log out and in again, or try the web version.',
    'For upload or generation problems, ask for the file type, roughly how many pages it has, and whether it is a scanned document.',
    'Engineering investigates reported bugs; support does not promise when a fix will ship.',
  ],
  privacy: [
    'Studyflash processes personal data according to the GDPR and the Swiss data protection act.',
    'Requests for access to, correction, export or erasure of personal data (GDPR requests) are handled by the privacy team through this support mailbox after verifying that the request comes from the account owner.',
    'Support confirms receipt of a GDPR request and says the privacy team will take care of it; it never claims the data has already been deleted.',
  ],
  business: [
    'Schools, universities and companies interested in Studyflash for groups, partnerships, sponsoring, press and job applications are forwarded to the responsible team, which replies personally.',
  ],
};

/** The facts as the plain-text section of the system prompt. */
export function renderProductFacts(facts: ProductFacts = PRODUCT_FACTS): string {
  const list = (items: string[]) => items.map((item) => `- ${item}`).join('\n');
  return [
    '### The product',
    list(facts.product),
    '### Plans',
    list(facts.plans),
    '### Payments',
    list(facts.payments),
    '### How to cancel, per platform',
    facts.cancel.map((c) => `- ${c.platform}: ${c.steps}`).join('\n'),
    '### Cancelling and refunds',
    list(facts.refunds),
    '### Account',
    list(facts.account),
    '### Troubleshooting',
    list(facts.troubleshooting),
    '### Privacy (GDPR)',
    list(facts.privacy),
    '### Schools, partners, press, jobs',
    list(facts.business),
  ].join('\n');
}
