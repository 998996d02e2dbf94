// Local language detection for short support mails (ELD's extra-small n-gram set, restricted to the
// nine languages we serve; it matched the larger sets on support-style text at a fraction of the cost).
// Used by the offline analyzer and to verify the language of Claude's drafts.
import { eld } from 'eld/extrasmall';
import { LANGUAGES } from '../domain.js';

const detector = eld.newInstance();
detector.setLanguageSubset([...LANGUAGES]);

export interface DetectedLanguage {
  /** ISO 639-1 code, or 'und' when the text is too short or gives no signal. */
  language: string;
  /** ELD considers the result reliable and the text is long enough to trust it. */
  reliable: boolean;
}

/** Below this many letters a guess is noise ("ok", "Hi", "?"). */
const MIN_LETTERS = 6;
/** Below this many letters even a confident ELD guess is not called reliable. */
const RELIABLE_LETTERS = 15;
const MAX_CHARS = 600;

export function detectLanguage(text: string): DetectedLanguage {
  // URLs, e-mail addresses and digits carry no language signal but do carry n-grams.
  const cleaned = text
    .replace(/\bhttps?:\/\/\S+/gi, ' ')
    .replace(/\S+@\S+\.\S+/g, ' ')
    .replace(/[\d_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const letters = cleaned.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return { language: 'und', reliable: false };
  // A few hundred characters decide the language; more only costs time (ELD is ~1 µs per char).
  const result = detector.detect(cleaned.length > MAX_CHARS ? cleaned.slice(0, cleaned.lastIndexOf(' ', MAX_CHARS)) : cleaned);
  if (!result.language) return { language: 'und', reliable: false };
  return { language: result.language, reliable: result.isReliable() && letters >= RELIABLE_LETTERS };
}
