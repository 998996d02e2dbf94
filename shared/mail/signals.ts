// Warning signs in a mail that call for a human look whatever the analyzer concludes: text that
// did not decode, hidden direction-override characters, a sender that imitates Studyflash, no
// sender at all, or a script none of our languages use. The analyzers keep such tickets below the
// auto-assign threshold and say why in the ticket notes.
import type { InboundMail } from '../domain.js';

export type MailRisk = 'undecodable-text' | 'hidden-characters' | 'spoofed-sender' | 'no-sender' | 'unsupported-script' | 'unparsed-mime';

export const RISK_NOTE: Record<MailRisk, string> = {
  'undecodable-text': 'Part of the text could not be decoded (broken charset or encoding); check the original.',
  'hidden-characters': 'The mail contains hidden text-direction characters that can disguise file names or links.',
  'spoofed-sender': 'The sender name imitates Studyflash or mixes alphabets (possible impersonation).',
  'no-sender': 'The mail has no sender address to reply to.',
  'unsupported-script': 'Much of the text is in a script none of the supported languages use.',
  'unparsed-mime': 'The mail\'s MIME structure could not be read (parts under an undeclared boundary); the raw text was analysed, check the original.',
};

/** A part boundary followed by part headers inside the text: the MIME parts were never separated. */
const RAW_MIME_PART = /^--\S{4,}[ \t]*\r?\n(?:[A-Za-z-]+:.*\r?\n)*?Content-(?:Type|Transfer-Encoding|Disposition):/im;

const REPLACEMENT_OR_CONTROL = /[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const LATIN = /\p{Script=Latin}/u;
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/gu;

/** A word that mixes Latin with Cyrillic or Greek letters ("Ѕtudyflash") is a homoglyph trick. */
function mixesScripts(text: string): boolean {
  return text.split(/[\s@.,_-]+/).some((word) => LATIN.test(word) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(word));
}

export function mailRisks(mail: InboundMail, ownDomains: readonly string[] = ['studyflash.ch', 'studyflash.test']): MailRisk[] {
  const risks: MailRisk[] = [];
  const text = `${mail.subject}\n${mail.text}`;
  if (REPLACEMENT_OR_CONTROL.test(text)) risks.push('undecodable-text');
  if (BIDI_CONTROLS.test(text) || BIDI_CONTROLS.test(mail.from.name ?? '')) risks.push('hidden-characters');
  if (RAW_MIME_PART.test(mail.text)) risks.push('unparsed-mime');

  const address = mail.from.address.trim().toLowerCase();
  if (!address) risks.push('no-sender');
  const name = mail.from.name ?? '';
  const domain = address.split('@')[1] ?? '';
  const claimsUs = /studyf\S*|support\s*team/i.test(name.normalize('NFKC')) && !ownDomains.includes(domain);
  if (mixesScripts(name) || mixesScripts(address) || (claimsUs && /studyf/i.test(`${name} ${address}`))) risks.push('spoofed-sender');

  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const foreign = text.match(NON_LATIN_LETTER)?.length ?? 0;
  if (letters > 0 && foreign / letters >= 0.2) risks.push('unsupported-script');
  return risks;
}
