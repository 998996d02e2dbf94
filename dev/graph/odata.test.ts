// The $filter language and the Prefer header parser on their own.
import { describe, expect, it } from 'vitest';
import { evaluate, parseFilter, parsePrefer } from './odata.js';

const msg = {
  subject: 'Refund please',
  isDraft: false,
  receivedDateTime: '2026-03-01T10:00:00Z',
  categories: ['refund-request', 'ai-processed'],
  from: { emailAddress: { address: 'Anna@Example.com' } },
  toRecipients: [{ emailAddress: { address: 'support@studyflash.test' } }],
};
const test = (f: string): boolean => evaluate(parseFilter(f), msg);

describe('$filter', () => {
  it('compares booleans, case-insensitive strings, dates and nested paths', () => {
    expect(test('isDraft eq false')).toBe(true);
    expect(test("subject eq 'refund PLEASE'")).toBe(true);
    expect(test("from/emailAddress/address eq 'anna@example.com'")).toBe(true);
    expect(test('receivedDateTime ge 2026-03-01T10:00:00Z')).toBe(true);
    expect(test('receivedDateTime gt 2026-03-01T10:00:00Z')).toBe(false);
    expect(test('receivedDateTime lt 2026-03-02')).toBe(true);
  });

  it('handles lambdas, functions, not/and/or and parentheses', () => {
    expect(test("categories/any(c:c eq 'ai-processed')")).toBe(true);
    expect(test("categories/any(c:c eq 'bug-report')")).toBe(false);
    expect(test("toRecipients/any(r:r/emailAddress/address eq 'support@studyflash.test')")).toBe(true);
    expect(test("contains(subject,'fund') and startswith(subject,'Re')")).toBe(true);
    expect(test("not (isDraft eq true) and (categories/any(c:c eq 'x') or isDraft eq false)")).toBe(true);
    expect(test("subject eq 'it''s'")).toBe(false);
  });

  it('refuses malformed expressions', () => {
    for (const bad of ["subject eq 'x", 'subject eq', 'eq 1', 'isDraft eq false and', "subject eq 'a' 'b'", 'subject ~ 1']) {
      expect(() => parseFilter(bad), bad).toThrow();
    }
  });
});

describe('Prefer', () => {
  it('reads several preferences with quoted values', () => {
    const p = parsePrefer('IdType="ImmutableId", odata.maxpagesize=5, outlook.body-content-type="text"');
    expect(p.get('idtype')).toBe('ImmutableId');
    expect(p.get('odata.maxpagesize')).toBe('5');
    expect(p.get('outlook.body-content-type')).toBe('text');
  });
});
