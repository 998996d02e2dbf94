import { describe, expect, it } from 'vitest';
import { htmlToPlain, parseEml } from './parse.js';

const eml = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('parseEml', () => {
  it('reads addresses, subject, ids and lower-cased headers of a plain mail', async () => {
    const mail = await parseEml(
      eml([
        'From: "Anna Muster" <Anna@Example.com>',
        'To: support@studyflash.test',
        'Subject: =?UTF-8?Q?R=C3=BCckerstattung?=',
        'Message-ID: <abc@example.com>',
        'References: <root@studyflash.test> <abc-1@example.com>',
        'Date: Mon, 03 Jun 2024 10:00:00 +0200',
        'X-Custom-Header: yes',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Ich möchte mein Geld zurück.',
      ].map((l) => l)),
      'a.eml',
    );
    expect(mail.messageId).toBe('a.eml');
    expect(mail.from).toEqual({ name: 'Anna Muster', address: 'anna@example.com' });
    expect(mail.to).toEqual([{ address: 'support@studyflash.test' }]);
    expect(mail.subject).toBe('Rückerstattung');
    expect(mail.internetMessageId).toBe('<abc@example.com>');
    expect(mail.conversationId).toBe('<root@studyflash.test>');
    expect(mail.receivedAt).toBe('2024-06-03T08:00:00.000Z');
    expect(mail.headers?.['x-custom-header']).toBe('yes');
    expect(mail.hasAttachments).toBe(false);
  });

  it('decodes legacy charsets (ISO-8859-1 quoted-printable)', async () => {
    const mail = await parseEml(
      eml(['From: a@b.ch', 'Subject: test', 'Content-Type: text/plain; charset=ISO-8859-1', 'Content-Transfer-Encoding: quoted-printable', '', 'Gr=FC=DFe aus Z=FCrich']),
    );
    expect(mail.text.trim()).toBe('Grüße aus Zürich');
  });

  it('converts an HTML-only body to text without images, scripts or link targets', async () => {
    const mail = await parseEml(
      eml([
        'From: a@b.ch',
        'Subject: html',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><p>Hello <b>team</b>,</p><p>the <a href="https://x.test/track">app</a> crashes.</p><img src="https://t.test/pixel.gif" width="1" height="1"></body></html>',
      ]),
    );
    expect(mail.text).toBe('Hello team,\n\nthe app crashes.');
  });

  it('flags attachments', async () => {
    const mail = await parseEml(
      eml([
        'From: a@b.ch',
        'Subject: with file',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="XX"',
        '',
        '--XX',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'See attached screenshot.',
        '--XX',
        'Content-Type: image/png; name="shot.png"',
        'Content-Disposition: attachment; filename="shot.png"',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        '--XX--',
      ]),
    );
    expect(mail.hasAttachments).toBe(true);
    expect(mail.text.trim()).toBe('See attached screenshot.');
  });

  it.each([
    ['empty input', Buffer.alloc(0)],
    ['binary noise', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['a broken multipart without closing boundary', eml(['From: a@b.ch', 'Content-Type: multipart/mixed; boundary="B"', '', '--B', 'Content-Type: text/plain', '', 'half a mail'])],
    ['garbage headers', eml(['::::', 'From', 'Subject: =?bogus?X?zzz?=', 'Content-Type: text/plain; charset=does-not-exist', '', 'text'])],
  ])('returns a best-effort mail for %s without throwing', async (_name, raw) => {
    const mail = await parseEml(raw, 'bad.eml');
    expect(mail.messageId).toBe('bad.eml');
    expect(typeof mail.subject).toBe('string');
    expect(typeof mail.text).toBe('string');
    expect(mail.from).toHaveProperty('address');
  });
});

describe('htmlToPlain', () => {
  it('keeps paragraphs and list items and drops tracking pixels', () => {
    const text = htmlToPlain('<div>Hi,</div><ul><li>one</li><li>two</li></ul><img src="x.gif"><p>Thanks</p>');
    expect(text).toContain('Hi,');
    expect(text).toContain('* one');
    expect(text).not.toContain('x.gif');
    expect(text).toContain('Thanks');
  });

  it('marks quoted history with "> " so it can be stripped later', () => {
    expect(htmlToPlain('<p>New text</p><blockquote><p>Old text</p></blockquote>')).toBe('New text\n\n> Old text');
  });
});
