import { describe, expect, it } from 'vitest';
import type { InboundMail } from '../domain.js';
import { skipReason } from './auto.js';

const MAILBOX = 'support@studyflash.test';
const mail = (headers: Record<string, string> = {}, from = 'anna@example.com', subject = 'Help'): InboundMail => ({
  messageId: 'm',
  from: { address: from },
  subject,
  text: 'body',
  headers,
});

describe('skipReason', () => {
  it('lets an ordinary customer mail through', () => {
    expect(skipReason(mail({ 'auto-submitted': 'no', precedence: 'normal' }), MAILBOX)).toBeNull();
  });

  it.each([
    ['Auto-Submitted: auto-replied', mail({ 'auto-submitted': 'auto-replied' }), /auto-submitted/],
    ['Auto-Submitted: auto-generated', mail({ 'auto-submitted': 'auto-generated' }), /auto-submitted/],
    ['X-Auto-Response-Suppress', mail({ 'x-auto-response-suppress': 'All' }), /X-Auto-Response-Suppress/],
    ['Precedence bulk', mail({ precedence: 'bulk' }), /Precedence/],
    ['Precedence auto_reply', mail({ precedence: 'auto_reply' }), /Precedence/],
    ['mailer-daemon', mail({}, 'MAILER-DAEMON@mx.example.com'), /bounce/],
    ['postmaster', mail({}, 'postmaster@example.com'), /bounce/],
    ['delivery status report', mail({ 'content-type': 'multipart/report; report-type=delivery-status; boundary="x"' }), /report/],
    ['X-Loop naming our mailbox', mail({ 'x-loop': 'Support@Studyflash.test' }), /loop/],
    ['our own mail', mail({}, 'Support@studyflash.test'), /own mail/],
    ['out-of-office subject in German', mail({}, 'anna@example.com', 'Abwesenheitsnotiz: Help'), /automatic reply/],
  ])('skips %s', (_name, m, reason) => {
    expect(skipReason(m, MAILBOX)).toMatch(reason);
  });

  it('does not skip a customer whose subject merely mentions an automatic renewal', () => {
    expect(skipReason(mail({}, 'anna@example.com', 'Automatic renewal charged me'), MAILBOX)).toBeNull();
  });
});

describe('skipReason: forwarding loops', () => {
  it('skips a mail that passed more relays than real mail ever does', () => {
    const received = Array.from({ length: 40 }, (_, i) => `from mx${i}.example.net by mx${i + 1}.example.net; Tue, 10 Mar 2026 10:00:00 +0100`).join('\n');
    expect(skipReason(mail({ received }), MAILBOX)).toMatch(/mail loop \(40 Received headers\)/);
  });

  it('lets a mail with a normal number of relays through', () => {
    const received = Array.from({ length: 6 }, (_, i) => `from mx${i}.example.net by mx${i + 1}.example.net`).join('\n');
    expect(skipReason(mail({ received }), MAILBOX)).toBeNull();
  });
});
