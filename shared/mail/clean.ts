// Reduces a customer mail to the text the customer just wrote: no quoted history, no signature,
// no reply prefixes, normalised whitespace. Everything that judges a mail (offline classifier,
// Claude prompt) reads this, so quoted agent replies or old requests never decide the category.
import type { InboundMail } from '../domain.js';

export interface CleanedMail {
  subject: string;
  text: string;
}

// Zero-width and formatting characters that mail clients sprinkle into text (and that attackers
// use to hide words from filters).
const INVISIBLE = /[\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/g;
// Control characters (NUL from broken encodings and the like); tabs and line breaks stay.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** "Re:", "AW:", "Fwd:", … in the nine languages (repeated, with counters like "Re[2]:"). */
const SUBJECT_PREFIX =
  /^\s*(?:(?:re|aw|wg|fw|fwd|tr|sv|vs|rv|r|enc|odp|pd|doorst|antw|ref|rif|res|i)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*)+/i;

/** Lines that begin a quoted message in one line ("On … wrote:" and its translations). */
const ATTRIBUTION: RegExp[] = [
  /^\s*on\b.{0,200}\bwrote\s*:\s*$/i, // en
  /^\s*am\b.{0,200}\bschrieb\b.{0,200}:\s*$/i, // de
  /^\s*.{0,200}\bschrieb\s*:\s*$/i, // de (short form: "Anna <a@b> schrieb:")
  /^\s*le\b.{0,200}\ba\s+écrit\s*:\s*$/i, // fr
  /^\s*.{0,200}\ba\s+écrit\s*:\s*$/i, // fr (short form)
  /^\s*op\b.{0,200}\bschreef\b.{0,200}:\s*$/i, // nl
  /^\s*.{0,200}\bschreef\s*:\s*$/i, // nl (short form)
  /^\s*il\b.{0,200}\bha\s+scritto\s*:\s*$/i, // it
  /^\s*.{0,200}\bha\s+scritto\s*:\s*$/i, // it (short form)
  /^\s*el\b.{0,200}\bescribió\s*:\s*$/i, // es
  /^\s*.{0,200}\bescribió\s*:\s*$/i, // es (short form)
  /^\s*(?:em|no\s+dia)\b.{0,200}\bescreveu\s*:\s*$/i, // pt
  /^\s*.{0,200}\bescreveu\s*:\s*$/i, // pt (short form)
  /^\s*(?:w\s+dniu|dnia)\b.{0,200}\bnapisał(?:\(a\)|a)?\s*:\s*$/i, // pl
  /^\s*.{0,200}\bnapisał(?:\(a\)|a)?\s*:\s*$/i, // pl (short form)
  /^\s*den\b.{0,200}\bskrev\b.{0,200}:\s*$/i, // sv
  /^\s*.{0,200}\bskrev\s*:\s*$/i, // sv (short form)
];

const ENDS_WITH_COLON = /:\s*$/;
const ATTRIBUTION_START = /^\s*(?:on|am|le|op|il|el|em|no dia|w dniu|dnia|den)\b/i;

/** Separators Outlook and other clients put above a quoted or forwarded message. */
const SEPARATOR =
  /^\s*(?:-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|original-nachricht|weitergeleitete nachricht|message d'origine|message transféré|oorspronkelijk bericht|doorgestuurd bericht|messaggio originale|messaggio inoltrato|mensaje original|mensaje reenviado|mensagem original|mensagem encaminhada|wiadomość oryginalna|oryginalna wiadomość|przekazana wiadomość|ursprungligt meddelande|vidarebefordrat meddelande)\s*-{2,}|_{20,}|-{20,})\s*$/i;

/** Header names of a quoted Outlook block, per language: From / Sent / Date / To / Subject. */
const HEADER_FROM = /^\s*\*?(?:from|von|de|van|da|od|från|fra)\s*\*?\s*:/i;
const HEADER_OTHER =
  /^\s*\*?(?:sent|date|to|subject|cc|gesendet|datum|an|betreff|envoyé|date|à|objet|verzonden|aan|onderwerp|inviato|data|a|oggetto|enviado|fecha|para|asunto|enviada|assunto|wysłano|wysłane|data|do|temat|skickat|till|ämne|datum)\s*\*?\s*:/i;

/** Mobile and webmail footers that end the customer's text. */
const DEVICE_FOOTER =
  /^\s*(?:sent from my\b|sent from (?:outlook|mail|yahoo|gmail)|get outlook for\b|von meinem\b.{0,40}\bgesendet|gesendet von meinem\b|gesendet mit\b|holen sie sich outlook|envoyé de mon\b|envoyé depuis\b|obtenir outlook|verzonden (?:vanaf|met|van) mijn\b|outlook voor\b|inviato da\b|scarica outlook|enviado desde mi\b|enviado (?:do|a partir do|pelo) meu\b|obtener outlook|wysłane z\b|wysłano z\b|skickat från min\b|hämta outlook)/i;

/** Closing formulas; what follows them (a name, a title) is signature, not request. */
const CLOSING =
  /^\s*(?:(?:best|kind|warm|many)?\s*(?:regards|wishes)|best|cheers|thanks(?: (?:a lot|so much|in advance))?|thank you(?: (?:so much|in advance))?|many thanks|sincerely|yours(?: sincerely| truly)?|mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|freundliche grüsse|viele grüße|viele grüsse|liebe grüße|liebe grüsse|beste grüße|beste grüsse|lg|vg|mfg|grüße|grüsse|gruß|gruss|danke(?: schön| im voraus)?|vielen dank(?: im voraus)?|cordialement|bien cordialement|bien à vous|salutations|merci(?: d'avance| beaucoup)?|bonne journée|amicalement|met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|groetjes|groeten|mvg|alvast bedankt|bedankt|dank je wel|dank u wel|cordiali saluti|distinti saluti|saluti|un saluto|grazie(?: mille| in anticipo)?|saludos(?: cordiales)?|un saludo|atentamente|gracias(?: de antemano)?|muchas gracias|atenciosamente|cumprimentos|abraços|obrigad[oa]|muito obrigad[oa]|pozdrawiam(?: serdecznie)?|z poważaniem|dziękuję(?: bardzo)?|med vänliga hälsningar|vänliga hälsningar|hälsningar|mvh|tack(?: så mycket| på förhand)?)[\s,.!]*$/i;

/** A signature after a closing is at most this many short lines. */
const MAX_SIGNATURE_LINES = 5;
const MAX_SIGNATURE_LINE_LENGTH = 60;

export function normalizeWhitespace(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t]/g, ' ')
    .replace(/[ ]+\n/g, '\n')
    .replace(/[ ]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Whether the subject carries a reply/forward prefix (so it names the thread's old topic). */
export function isReplySubject(subject: string): boolean {
  return SUBJECT_PREFIX.test(subject) && subject.replace(SUBJECT_PREFIX, '') !== subject;
}

export function cleanSubject(subject: string): string {
  return normalizeWhitespace(subject.replace(SUBJECT_PREFIX, '')).replace(/\n/g, ' ');
}

/** Index of the first line that starts quoted history, or -1. */
function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (SEPARATOR.test(line)) return i;
    // Every attribution ends with a colon; test the expensive patterns only then.
    if (ENDS_WITH_COLON.test(line) && ATTRIBUTION.some((re) => re.test(line))) return i;
    // Attributions wrapped over two or three lines by the sender's client.
    if (ATTRIBUTION_START.test(line)) {
      const joined2 = `${line} ${lines[i + 1] ?? ''}`;
      const joined3 = `${joined2} ${lines[i + 2] ?? ''}`;
      if ([joined2, joined3].some((j) => ENDS_WITH_COLON.test(j) && ATTRIBUTION.some((re) => re.test(j)))) return i;
    }
    // An Outlook header block: "From:" followed closely by Sent/Date/To/Subject.
    if (HEADER_FROM.test(line)) {
      const next = lines.slice(i + 1, i + 5);
      if (next.filter((l) => HEADER_OTHER.test(l)).length >= 1) return i;
    }
    if (/^\s*>/.test(line)) {
      // A run of quoted lines with nothing but quotes and blanks after it is history.
      const rest = lines.slice(i);
      if (rest.every((l) => /^\s*>/.test(l) || l.trim() === '')) return i;
    }
  }
  return -1;
}

function stripSignature(lines: string[]): string[] {
  let end = lines.length;
  // "-- " is the standard signature delimiter; device footers end the text too.
  for (let i = 0; i < end; i++) {
    const line = lines[i] ?? '';
    if (/^--\s*$/.test(line) || DEVICE_FOOTER.test(line)) {
      end = i;
      break;
    }
  }
  let kept = lines.slice(0, end);
  // A closing formula near the end followed only by a short block (name, title, phone).
  for (let i = kept.length - 1; i >= 0 && i >= kept.length - 1 - MAX_SIGNATURE_LINES; i--) {
    const line = kept[i] ?? '';
    if (CLOSING.test(line)) {
      const after = kept.slice(i + 1).filter((l) => l.trim() !== '');
      if (after.length <= MAX_SIGNATURE_LINES && after.every((l) => l.trim().length <= MAX_SIGNATURE_LINE_LENGTH)) {
        kept = kept.slice(0, i);
      }
      break;
    }
  }
  return kept;
}

/** The customer's newest text of a body: quoted history and signature removed. */
export function cleanBody(body: string): string {
  const normalized = normalizeWhitespace(body);
  if (!normalized) return '';
  const lines = normalized.split('\n');
  const cut = quoteStart(lines);
  let own = cut >= 0 ? lines.slice(0, cut) : lines;
  // Interleaved quotes ("> old text" between the customer's answers) are history as well.
  own = own.filter((l) => !/^\s*>/.test(l));
  own = stripSignature(own);
  const text = normalizeWhitespace(own.join('\n'));
  if (text) return text;
  // Nothing of their own above the history (e.g. a bare forward): the forwarded text is the request.
  if (cut >= 0) {
    const forwarded = lines
      .slice(cut + 1)
      .filter((l) => !HEADER_FROM.test(l) && !HEADER_OTHER.test(l))
      .map((l) => l.replace(/^\s*(?:>\s?)+/, ''));
    return normalizeWhitespace(stripSignature(forwarded).join('\n'));
  }
  return '';
}

/** The mail as the analyzers should see it; prefers the server's unique body when present. */
export function cleanForAnalysis(mail: InboundMail): CleanedMail {
  const unique = mail.uniqueText && normalizeWhitespace(mail.uniqueText) ? mail.uniqueText : undefined;
  return {
    subject: cleanSubject(mail.subject ?? ''),
    text: cleanBody(unique ?? mail.text ?? ''),
  };
}
