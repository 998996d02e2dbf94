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

describe('mailRisks: MIME parts that were never separated', () => {
  it('flags part boundaries and part headers inside the text', () => {
    const text = '--wrong-boundary-123\nContent-Type: text/plain; charset=utf-8\n\nHallo, meine Karteikarten laden nicht mehr.\n--wrong-boundary-123--';
    expect(mailRisks({ messageId: 'm', from: { address: 'a@b.de' }, subject: 'x', text })).toContain('unparsed-mime');
  });

  it('leaves a signature separator or a dashed line alone', () => {
    for (const text of ['Danke!\n-- \nAnna', 'Punkte:\n-----------\nContent ist toll', 'Hallo,\n--\nContent-Type ist ein Header']) {
      expect(mailRisks({ messageId: 'm', from: { address: 'a@b.de' }, subject: 'x', text })).not.toContain('unparsed-mime');
    }
  });
});
