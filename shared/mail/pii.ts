// Removes personal data a model does not need before any text leaves for an LLM: payment card
// numbers (Luhn-checked), IBANs (mod-97 checked), phone numbers, street addresses and other
// people's e-mail addresses in the nine languages we serve. The customer's name stays: replies
// address them by it. Checksums keep order numbers and amounts from being redacted by mistake.

export type PiiKind = 'card' | 'iban' | 'phone' | 'address' | 'email';

export interface Redacted {
  text: string;
  redactions: { kind: PiiKind; count: number }[];
}

export interface RedactOptions {
  /** Addresses that may stay (the customer's own, the support mailbox); compared case-insensitively. */
  keepEmails?: readonly string[];
}

const TOKEN: Record<PiiKind, string> = {
  card: '[CARD]',
  iban: '[IBAN]',
  phone: '[PHONE]',
  address: '[ADDRESS]',
  email: '[EMAIL]',
};

// ---------- checksums ----------

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Country → IBAN length (the countries our customers bank in, plus common neighbours). */
const IBAN_LENGTH: Record<string, number> = {
  AD: 24, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18,
  FR: 27, GB: 22, GI: 23, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24, SE: 24, SI: 19, SK: 24, SM: 27,
};

export function ibanValid(candidate: string): boolean {
  const iban = candidate.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const expected = IBAN_LENGTH[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

// ---------- patterns ----------

// 13–19 digits, optionally grouped by single spaces or dashes (4-4-4-4, 4-6-5, …).
const CARD = /(?<![\d+])\d(?:[ -]?\d){12,18}(?!\d)/g;
const IBAN_RE = /\b[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){10,30}\b/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

// International: +CC or 00CC, then 6–13 digits with spaces, dots, dashes, slashes or "(0)".
const PHONE_INTL = /(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s./-]*(?:\(0\))?[\s./-]*\d){6,13}(?!\d)/g;
// National with trunk prefix 0 (de, fr, nl, en-GB, sv, at/ch): 0 + 8–11 digits, optional "(…)" area code.
const PHONE_NATIONAL = /(?<![\w+/.-])\(?0\d{1,4}\)?(?:[\s./-]?\d){6,10}(?![\d\w])/g;
// Grouped numbers without trunk prefix (it, es, pt, pl mobiles/landlines; US): 3-3-3(4) or 2-3-2-2 style.
const PHONE_GROUPED = /(?<![\w+/.-])(?:\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\d{3}[\s.-]\d{3}[\s.-]\d{3,4}|\d{3}[\s.-]\d{2}[\s.-]\d{2}[\s.-]\d{2})(?![\d\w])/g;
// An ungrouped 9–10 digit number counts as a phone only right after a phone word.
const PHONE_WORD =
  /(\b(?:tel(?:efon|efono|éfono|efone|éphone|ephone|efoon|efonnummer)?|phone|mobile|mobil|mobilnummer|handy|cell|cellulare|móvil|movil|celular|telemóvel|numer telefonu|portable|gsm|tfn|whatsapp)\.?\s*[:.]?\s*)(\+?\d[\d\s./-]{7,16}\d)(?!\d)/gi;

const DATE_LIKE = /^\(?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\)?$/;

// Street names with their number, one alternative per language family.
const STREET_PATTERNS: RegExp[] = [
  // de/nl/sv/ch: compound street word ending in a street type, then the number ("Hauptstraße 12a", "Kerkstraat 5", "Storgatan 3").
  /\b[\p{Lu}][\p{L}.-]*(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|chaussee|steig|pfad|straat|laan|gracht|plein|kade|singel|dijk|steeg|hof|gatan|vägen|gränd|torget|stigen|backen|väg|gata)\s+\d{1,4}(?:\s?[a-zA-Z])?(?:\s?[-/]\s?\d{1,4})?\b/gu,
  // de separate-word forms ("Am Markt 4", "An der Alster 7", "Unter den Linden 5").
  /\b(?:Am|An der|An den|Auf der|Im|In der|Zum|Zur|Unter den)\s+[\p{Lu}][\p{L}-]+\s+\d{1,4}\s?[a-z]?\b/gu,
  // en: number first ("221B Baker Street", "12 High St").
  /\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\p{L}'-]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Square|Sq|Terrace|Close|Crescent|Gardens|Grove|Row|Hill|Park)\b/gu,
  // fr: number first ("12 rue de la Paix", "3 bis avenue Foch").
  /\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square)\s+(?:(?:de|du|des|la|le|l'|d')\s*)*[\p{L}'-]+(?:\s+[\p{Lu}][\p{L}'-]+){0,3}/giu,
  // it/es/pt/pl and fr without number first: street type first, name, then number ("Via Roma 12", "Calle Mayor, 5", "Rua Augusta 100", "ul. Marszałkowska 10/4").
  /\b(?:via|viale|piazza|piazzale|corso|largo|vicolo|calle|c\/|avenida|avda\.|av\.|plaza|paseo|camino|carrer|carretera|rua|travessa|praça|estrada|alameda|ul\.|ulica|al\.|aleja|os\.|osiedle|pl\.|plac|rue|avenue|boulevard|chemin)\s+(?:(?:de|del|da|do|dos|das|di|della|dei|la|le|los|las)\s+)*[\p{L}'.-]+(?:\s+[\p{L}'.-]+){0,3},?\s+(?:n\.?º?\s*)?\d{1,4}(?:\s?[a-zA-Z])?(?:\s?[/-]\s?\d{1,4})?\b/giu,
];

// Postcode + town: only redacted on an address-looking line (alone or after a street), because
// "10000 Karten" in a German sentence is not an address.
const POSTCODE_TOWN =
  /\b(?:(?:[A-Z]{1,2}-)?\d{5}|\d{4}(?:\s?[A-Z]{2})?|\d{4}-\d{3}|\d{2}-\d{3}|\d{3}\s\d{2})\s+[\p{Lu}][\p{L}.'-]+(?:[\s-][\p{Lu}][\p{L}.'-]+){0,2}/gu;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/g;

// ---------- redaction ----------

interface Counter {
  count: Record<PiiKind, number>;
}

function replaceAll(text: string, re: RegExp, kind: PiiKind, counter: Counter, accept: (match: string) => boolean = () => true): string {
  return text.replace(re, (match) => {
    if (!accept(match)) return match;
    counter.count[kind]++;
    return TOKEN[kind];
  });
}

function redactAddressLines(text: string, counter: Counter): string {
  let out = text;
  for (const re of STREET_PATTERNS) out = replaceAll(out, re, 'address', counter);
  // Postcode + town: on a line that already holds a redacted street, or on a short line of its own.
  out = out
    .split('\n')
    .map((line) => {
      const shortLine = line.trim().length <= 40;
      if (!shortLine && !line.includes(TOKEN.address)) return line;
      let l = replaceAll(line, POSTCODE_TOWN, 'address', counter, (m) => !/^\d{4}\s+[\p{Lu}]/u.test(m) || shortLine || line.includes(TOKEN.address));
      l = replaceAll(l, UK_POSTCODE, 'address', counter, () => shortLine || l.includes(TOKEN.address));
      return l;
    })
    .join('\n');
  // "[ADDRESS], [ADDRESS]" from street + postcode is one address.
  return out.replace(/\[ADDRESS\](?:,?\s*\[ADDRESS\])+/g, (m) => {
    counter.count.address -= (m.match(/\[ADDRESS\]/g)?.length ?? 1) - 1;
    return TOKEN.address;
  });
}

export function redactPii(text: string, options: RedactOptions = {}): Redacted {
  const keep = new Set((options.keepEmails ?? []).map((e) => e.toLowerCase()));
  const counter: Counter = { count: { card: 0, iban: 0, phone: 0, address: 0, email: 0 } };
  // Numbers that failed a checksum are set aside so later patterns (phones) leave them alone.
  const kept: string[] = [];
  const protect = (value: string): string => `\u0000${kept.push(value) - 1}\u0000`;
  let out = text.replace(/\u0000/g, '');
  // Order matters: e-mails and IBANs contain digit runs that would otherwise look like phones.
  out = replaceAll(out, EMAIL, 'email', counter, (m) => !keep.has(m.toLowerCase()));
  // The pattern is greedy ("DE89 … 00 and"); take the longest prefix that passes the checksum.
  out = out.replace(IBAN_RE, (m) => {
    for (let end = m.length; end >= 15; end--) {
      if (/[A-Za-z0-9]/.test(m[end - 1] ?? '') && ibanValid(m.slice(0, end))) {
        counter.count.iban++;
        return TOKEN.iban + m.slice(end);
      }
    }
    // IBAN-shaped but failing its checksum: not an account, and not a phone number either.
    const shaped = /^[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?/.exec(m);
    return shaped ? protect(shaped[0]) + m.slice(shaped[0].length) : m;
  });
  out = out.replace(CARD, (m) => {
    if (luhnValid(m.replace(/[ -]/g, ''))) {
      counter.count.card++;
      return TOKEN.card;
    }
    // Card-shaped but failing Luhn: a reference number; keep it whole. Anything else may be a phone.
    return /^\d{4}([ -]?)\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?$/.test(m) ? protect(m) : m;
  });
  out = out.replace(PHONE_WORD, (_match, prefix: string) => {
    counter.count.phone++;
    return `${prefix}${TOKEN.phone}`;
  });
  out = replaceAll(out, PHONE_INTL, 'phone', counter);
  out = replaceAll(out, PHONE_NATIONAL, 'phone', counter, (m) => !DATE_LIKE.test(m.trim()) && m.replace(/\D/g, '').length >= 9);
  out = replaceAll(out, PHONE_GROUPED, 'phone', counter, (m) => !DATE_LIKE.test(m.trim()));
  out = redactAddressLines(out, counter);
  out = out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)] ?? '');
  const redactions = (Object.keys(counter.count) as PiiKind[])
    .filter((kind) => counter.count[kind] > 0)
    .map((kind) => ({ kind, count: counter.count[kind] }));
  return { text: out, redactions };
}
