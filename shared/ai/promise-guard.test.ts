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
