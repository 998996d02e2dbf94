import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid, redactPii } from './pii.js';

const kinds = (text: string) => Object.fromEntries(redactPii(text).redactions.map((r) => [r.kind, r.count]));

describe('redactPii: payment data', () => {
  it('redacts Luhn-valid card numbers written plain, spaced or dashed', () => {
    const r = redactPii('cards 4111111111111111, 4111 1111 1111 1111 and 5500-0000-0000-0004');
    expect(r.text).toBe('cards [CARD], [CARD] and [CARD]');
    expect(r.redactions).toEqual([{ kind: 'card', count: 3 }]);
  });

  it('leaves card-shaped numbers that fail the Luhn check untouched', () => {
    const text = 'reference 4111 1111 1111 1112 and 1234-5678-9012-3456';
    expect(redactPii(text)).toEqual({ text, redactions: [] });
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('redacts IBANs that pass the mod-97 check, spaced or not', () => {
    const r = redactPii('IBAN DE89 3704 0044 0532 0130 00, CH9300762011623852957 and FR1420041010050500013M02606.');
    expect(r.text).toBe('IBAN [IBAN], [IBAN] and [IBAN].');
  });

  it('leaves IBAN-shaped strings with a wrong checksum untouched', () => {
    const text = 'account DE89 3704 0044 0532 0130 01';
    expect(redactPii(text).text).toBe(text);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
  });
});

describe('redactPii: phone numbers', () => {
  it.each([
    ['international de', 'Ruf mich an: +49 170 1234567.'],
    ['international with (0)', 'Tel +41 (0)44 123 45 67'],
    ['00 prefix', 'ring 0049 170 1234567 please'],
    ['national de', 'Handynummer 0170/1234567'],
    ['national fr', 'appelez le 06 12 34 56 78'],
    ['national nl', 'bel 06-12345678'],
    ['national sv', 'ring 070-123 45 67'],
    ['national uk', 'call 07700 900123'],
    ['it mobile', 'chiamami al 333 123 4567'],
    ['es mobile', 'llámame al 612 345 678'],
    ['pl mobile', 'zadzwoń 512 345 678'],
    ['pt after a phone word', 'telemóvel: 912345678'],
    ['us', 'call (555) 123-4567'],
  ])('%s', (_name, text) => {
    expect(kinds(text)).toEqual({ phone: 1 });
  });

  it('does not mistake dates, amounts or order numbers for phone numbers', () => {
    const text = 'On 01.03.2024 I paid 29.99 EUR for order 123456789 at 10:30.';
    expect(redactPii(text)).toEqual({ text, redactions: [] });
  });
});

describe('redactPii: addresses', () => {
  it.each([
    ['de', 'Meine Adresse: Hauptstraße 12a, 10115 Berlin', 'Meine Adresse: [ADDRESS]'],
    ['fr', "J'habite au 12 rue de la Paix, 75002 Paris", "J'habite au [ADDRESS]"],
    ['it', 'Via Roma 12, 00184 Roma', '[ADDRESS]'],
    ['es', 'Calle Mayor, 5, 28013 Madrid', '[ADDRESS]'],
    ['pt', 'Rua Augusta 100, 1100-053 Lisboa', '[ADDRESS]'],
    ['pl', 'ul. Marszałkowska 10/4, 00-590 Warszawa', '[ADDRESS]'],
    ['sv', 'Storgatan 3, 114 55 Stockholm', '[ADDRESS]'],
    ['nl', 'Kerkstraat 5, 1012 AB Amsterdam', '[ADDRESS]'],
    ['en', 'I live at 221B Baker Street.', 'I live at [ADDRESS].'],
  ])('%s', (_name, text, expected) => {
    expect(redactPii(text).text).toBe(expected);
  });

  it('keeps numbers followed by capitalised nouns inside a sentence', () => {
    const text = 'Ich habe 10000 Karten in meinem Deck erstellt und alles war gut bis gestern Abend.';
    expect(redactPii(text).text).toBe(text);
  });
});

describe('redactPii: e-mail addresses and names', () => {
  it("redacts other people's addresses but keeps the allowed ones and the customer's name", () => {
    const r = redactPii('Hi, I am Anna Muster (anna@example.com). My friend bob@mail.de has it too.', { keepEmails: ['Anna@Example.com'] });
    expect(r.text).toBe('Hi, I am Anna Muster (anna@example.com). My friend [EMAIL] has it too.');
    expect(r.redactions).toEqual([{ kind: 'email', count: 1 }]);
  });
});
