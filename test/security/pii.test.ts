// PII redaction proven on the wire: every sample ticket (tickets/*.eml) and a set of mails full of
// personal data in several countries' formats (card numbers, IBANs, phone numbers, street addresses,
// other people's and the sender's e-mail addresses — in subject, body, HTML and display name) go
// through the Claude analyzer against the fake Messages API, and every request it recorded is
// searched for each planted value and for any e-mail address, Luhn-valid card number, valid IBAN or
// international phone number found in the input by this test's own detectors.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../dev/fake-anthropic/server.js';
import { listSampleTickets } from '../../dev/seed-tickets.js';
import { ClaudeAnalyzer } from '../../shared/ai/claude.js';
import type { InboundMail } from '../../shared/domain.js';
import { setLogSink } from '../../shared/log.js';
import { parseEml } from '../../shared/mail/parse.js';

// ---------- this test's own detectors (independent of shared/mail/pii.ts) ----------
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
function mod97(iban: string): boolean {
  const s = (iban.slice(4) + iban.slice(0, 4)).toUpperCase().replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let r = 0;
  for (const ch of s) r = (r * 10 + Number(ch)) % 97;
  return r === 1;
}
const compact = (s: string) => s.replace(/[\s./()\-\u00a0]/g, '');

/** Personal data this test can recognise in any text on its own. */
function detect(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)) found.add(m[0].toLowerCase());
  for (const m of text.matchAll(/(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g)) if (luhn(compact(m[0]))) found.add(compact(m[0]));
  for (const m of text.matchAll(/\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b/g)) {
    const c = compact(m[0]);
    for (let end = c.length; end >= 15; end--) if (mod97(c.slice(0, end))) { found.add(c.slice(0, end)); break; }
  }
  for (const m of text.matchAll(/(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s./()-]{0,2}\d){6,12}(?!\d)/g)) found.add(compact(m[0]).replace(/^00/, '+'));
  return [...found];
}

// ---------- mails full of personal data, one per country ----------
interface Planted {
  file: string;
  mail: InboundMail;
  /** Exact values that must never leave (compared as written and without separators). */
  values: string[];
}

const SUPPORT = 'support@studyflash.test';
let n = 0;
function planted(from: { name: string; address: string }, subject: string, text: string, values: string[], extra: Partial<InboundMail> = {}): Planted {
  const id = `pii-${++n}`;
  return { file: id, mail: { messageId: id, from, subject, text, to: [{ address: SUPPORT }], ...extra }, values: [...values, from.address] };
}

const PLANTED: Planted[] = [
  planted({ name: 'Anna Keller', address: 'anna.keller@example.de' }, 'Doppelt abgebucht, Rückruf unter +49 170 1234567',
    'Hallo,\nmir wurde das Abo zweimal abgebucht, Karte 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00.\nTelefon: 0170/1234567, Festnetz (030) 12345678.\nAdresse: Hauptstraße 12, 10115 Berlin\nOder schreibt meiner Mutter: mama.keller@example.org\nBitte um Rückerstattung. Anna',
    ['4111 1111 1111 1111', 'DE89 3704 0044 0532 0130 00', '+49 170 1234567', '0170/1234567', '(030) 12345678', 'Hauptstraße 12', '10115 Berlin', 'mama.keller@example.org']),
  planted({ name: 'Lukas Meier', address: 'lukas.meier@example.ch' }, 'Rückerstattung',
    'Grüezi\nBitte überweist das Geld auf CH93 0076 2011 6238 5295 7. Handy +41 79 123 45 67.\nBahnhofstrasse 5\n8001 Zürich\nDanke, Lukas',
    ['CH93 0076 2011 6238 5295 7', '+41 79 123 45 67', 'Bahnhofstrasse 5', '8001 Zürich']),
  planted({ name: 'Paul Exemple', address: 'paul.exemple@example.fr' }, 'Remboursement',
    "Bonjour,\nj'ai été débité deux fois, carte 5555-5555-5555-4444. Mon IBAN : FR14 2004 1010 0505 0001 3M02 606.\nAppelez-moi au +33 6 12 34 56 78 ou au 06 12 34 56 78.\n12 rue de la Paix, 75002 Paris\nMerci, Paul",
    ['5555-5555-5555-4444', 'FR14 2004 1010 0505 0001 3M02 606', '+33 6 12 34 56 78', '06 12 34 56 78', '12 rue de la Paix', '75002 Paris']),
  planted({ name: 'Sanne de Boer', address: 'sanne.deboer@example.nl' }, 'Terugbetaling',
    'Hoi,\nik wil mijn geld terug op NL91ABNA0417164300. Bel me op +31 6 12345678 of 06-12345678.\nKerkstraat 5, 1017 GC Amsterdam\nGroet, Sanne',
    ['NL91ABNA0417164300', '+31 6 12345678', '06-12345678', 'Kerkstraat 5', '1017 GC Amsterdam']),
  planted({ name: 'Giulia Rossi', address: 'giulia.rossi@example.it' }, 'Rimborso per favore',
    'Buongiorno,\nho pagato due volte con la carta 378282246310005. IBAN IT60 X054 2811 1010 0000 0123 456.\nCellulare: 347 123 4567, oppure +39 347 123 4567.\nVia Roma 12, 00184 Roma\nGrazie, Giulia',
    ['378282246310005', 'IT60 X054 2811 1010 0000 0123 456', '347 123 4567', '+39 347 123 4567', 'Via Roma 12', '00184 Roma']),
  planted({ name: 'Javier López', address: 'javier.lopez@example.es' }, 'Reembolso',
    'Hola,\nme cobraron dos veces. Mi IBAN es ES91 2100 0418 4502 0005 1332 y mi móvil 612 345 678 (+34 612 34 56 78).\nCalle Mayor, 5, 28013 Madrid\nGracias, Javier',
    ['ES91 2100 0418 4502 0005 1332', '612 345 678', '+34 612 34 56 78', 'Calle Mayor, 5', '28013 Madrid']),
  planted({ name: 'Oliver Smith', address: 'oliver.smith@example.co.uk' }, 'Refund please, call 07700 900123',
    'Hi,\nI was charged twice on card 4000 0566 5566 5556. Sort it to GB29 NWBK 6016 1331 9268 19.\nPhone +44 7700 900123.\n221B Baker Street\nLondon NW1 6XE\nCheers, Oliver',
    ['4000 0566 5566 5556', 'GB29 NWBK 6016 1331 9268 19', '+44 7700 900123', '07700 900123', '221B Baker Street', 'NW1 6XE']),
  planted({ name: 'Emily Johnson', address: 'emily.johnson@example.com' }, 'Charged after cancelling',
    'Hello,\nI cancelled but was charged again. Call me at +1 (415) 555-0132.\n1600 Amphitheatre Parkway is my office; home is 12 High Street.\nThanks, Emily',
    ['+1 (415) 555-0132', '12 High Street']),
  planted({ name: 'João Silva', address: 'joao.silva@example.pt' }, 'Reembolso',
    'Olá,\nfui cobrado duas vezes. IBAN PT50 0002 0123 1234 5678 9015 4, telemóvel +351 912 345 678.\nRua Augusta 100, 1100-053 Lisboa\nObrigado, João',
    ['PT50 0002 0123 1234 5678 9015 4', '+351 912 345 678', 'Rua Augusta 100', '1100-053 Lisboa']),
  planted({ name: 'Kasia Nowak', address: 'kasia.nowak@example.pl' }, 'Zwrot pieniędzy',
    'Dzień dobry,\nproszę o zwrot na PL61 1090 1014 0000 0712 1981 2874. Telefon +48 512 345 678.\nul. Marszałkowska 10/4, 00-590 Warszawa\nKasia',
    ['PL61 1090 1014 0000 0712 1981 2874', '+48 512 345 678', 'ul. Marszałkowska 10/4', '00-590 Warszawa']),
  planted({ name: 'Erik Andersson', address: 'erik.andersson@example.se' }, 'Återbetalning',
    'Hej,\njag vill ha pengarna tillbaka till SE45 5000 0000 0583 9825 7466. Ring 070-123 45 67 eller +46 70 123 45 67.\nStorgatan 3, 114 51 Stockholm\nErik',
    ['SE45 5000 0000 0583 9825 7466', '070-123 45 67', '+46 70 123 45 67', 'Storgatan 3', '114 51 Stockholm']),
  // Personal data in the display name, and in the text Graph reports as new in this message (uniqueBody).
  planted({ name: 'Max Ebert (+49 151 23456789)', address: 'max.ebert@example.de' }, 'App stürzt ab',
    'Die App stürzt ab.\n\nAm 24.11. schrieb Support:\n> Wie lautet Ihre Nummer?',
    ['+49 151 23456789', '4111-1111-1111-1111', 'Am Markt 4', '28195 Bremen'],
    { uniqueText: 'Die App stürzt ab.\nMeine Nummer: +49 151 23456789, Karte 4111-1111-1111-1111, Am Markt 4, 28195 Bremen' }),
];

// ---------- the run ----------
let fake: FakeAnthropic;
const inputs: { file: string; mail: InboundMail; values: string[] }[] = [];
const failures: string[] = [];

beforeAll(async () => {
  setLogSink(() => {});
  fake = await startFakeAnthropic({ apiKey: 'sk-ant-security-suite' });
  const analyzer = new ClaudeAnalyzer({ apiKey: 'sk-ant-security-suite', baseURL: fake.url, maxRetries: 0, timeoutMs: 20_000 });
  for (const file of await listSampleTickets()) {
    const mail = await parseEml(await readFile(file), path.basename(file));
    inputs.push({ file: path.basename(file), mail, values: [] });
  }
  inputs.push(...PLANTED);
  // An HTML-only mail, parsed like any .eml (HTML to text on the way in).
  const html = [
    'From: "Lea Brandt" <lea.brandt@example.de>', `To: ${SUPPORT}`, 'Subject: Abbuchung', 'Message-ID: <pii-html@example.de>', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '',
    '<html><body><p>Bitte erstatten auf <b>DE89 3704 0044 0532 0130 00</b>.</p><table><tr><td>Tel.</td><td>+49 160 9876543</td></tr></table><p>Lindenallee 7<br>50968 Köln</p></body></html>',
  ].join('\r\n');
  const htmlMail: Planted = { file: 'pii-html', mail: await parseEml(Buffer.from(html)), values: ['DE89 3704 0044 0532 0130 00', '+49 160 9876543', 'Lindenallee 7', '50968 Köln', 'lea.brandt@example.de'] };
  PLANTED.push(htmlMail);
  inputs.push(htmlMail);
  for (const input of inputs) {
    try {
      await analyzer.analyze({ mail: input.mail, mode: 'full' });
    } catch (err) {
      failures.push(`${input.file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}, 300_000);

afterAll(async () => {
  await fake?.close();
});

/** All text of a recorded request body (JSON-decoded, so escapes cannot hide a value). */
function wireText(raw: string): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  try {
    walk(JSON.parse(raw));
  } catch {
    out.push(raw);
  }
  return out.join('\n');
}

describe('no personal data in any outbound LLM request', () => {
  it('analysed every sample ticket and every planted mail', () => {
    expect(inputs.length).toBe(100 + PLANTED.length);
    expect(PLANTED.length).toBeGreaterThanOrEqual(13);
    expect(failures).toEqual([]);
    expect(fake.requests.length).toBeGreaterThanOrEqual(inputs.length);
  });

  it('the detectors find what was planted (so the search below can fail)', () => {
    for (const p of PLANTED) {
      const found = detect(`${p.mail.from.name ?? ''} ${p.mail.subject}\n${p.mail.uniqueText ?? ''}\n${p.mail.text}`);
      expect(found.length, p.file).toBeGreaterThanOrEqual(1);
    }
  });

  it('never sends a planted card number, IBAN, phone number, street address or e-mail address', () => {
    const wire = fake.requests.map((r) => wireText(r.raw)).join('\n\u0000\n');
    const wireCompact = compact(wire);
    const leaks: string[] = [];
    for (const p of PLANTED) {
      for (const v of p.values) {
        const digits = compact(v);
        const numeric = /\d{6,}/.test(digits) && !/[a-z]{3,}/i.test(v);
        if (wire.includes(v) || (numeric && wireCompact.includes(digits))) leaks.push(`${p.file}: ${v}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('never sends personal data the detectors find in any input mail (sample tickets included)', () => {
    const wire = fake.requests.map((r) => wireText(r.raw)).join('\n');
    const wireLower = wire.toLowerCase();
    const wireCompact = compact(wire);
    const leaks: string[] = [];
    for (const input of inputs) {
      const m = input.mail;
      const found = detect(`${m.from.name ?? ''} <${m.from.address}>\n${m.subject}\n${m.uniqueText ?? ''}\n${m.text}`);
      for (const value of found) {
        if (value === SUPPORT) continue; // our own mailbox may be named
        const hit = value.includes('@') ? wireLower.includes(value) : wireCompact.includes(value.replace(/^\+/, ''));
        if (hit) leaks.push(`${input.file}: ${value}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('still sends the customer the text to triage (redaction is not blanket removal)', () => {
    const wire = fake.requests.map((r) => wireText(r.raw)).join('\n');
    expect(wire).toContain('mir wurde das Abo zweimal abgebucht');
    expect(wire).toContain('[IBAN]');
    expect(wire).toContain('[PHONE]');
  });
});
