import { describe, expect, it } from 'vitest';
import type { InboundMail } from '../domain.js';
import { mailRisks } from './signals.js';

const mail = (over: Partial<InboundMail> = {}): InboundMail => ({
  messageId: 'm',
  from: { name: 'Anna Muster', address: 'anna@example.com' },
  subject: 'Frage',
  text: 'Wie kündige ich mein Abo?',
  ...over,
});

describe('mailRisks', () => {
  it('finds nothing in an ordinary mail', () => {
    expect(mailRisks(mail())).toEqual([]);
  });

  it.each([
    ['undecodable-text', mail({ text: 'Hallo, die App st\uFFFDrzt ab' })],
    ['undecodable-text', mail({ text: 'Hallo\u0000 die App' })],
    ['hidden-characters', mail({ subject: 'screenshot \u202Egnp.exe' })],
    ['no-sender', mail({ from: { address: '' } })],
    ['spoofed-sender', mail({ from: { name: '\u0405tudyflash Support', address: 'support@studyf1ash-example.com' } })],
    ['spoofed-sender', mail({ from: { name: 'Studyflash Billing', address: 'billing@studyflash-payments.net' } })],
    ['unsupported-script', mail({ text: 'アプリがクラッシュします。助けてください。' })],
  ])('flags %s', (risk, m) => {
    expect(mailRisks(m)).toContain(risk);
  });

  it('does not flag our own domain or accented Latin names', () => {
    expect(mailRisks(mail({ from: { name: 'Studyflash Support', address: 'support@studyflash.ch' } }))).toEqual([]);
    expect(mailRisks(mail({ from: { name: 'Łukasz Żółć', address: 'lukasz@example.pl' }, text: 'Dzień dobry, zażółć gęślą jaźń' }))).toEqual([]);
  });
});
