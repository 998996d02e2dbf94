// How much of the AI draft a sent reply kept — the raw material for measuring draft acceptance.
// Both texts are reduced to the reply's own words (quoted history and signature removed, case and
// punctuation ignored) and compared by the longest common subsequence of words:
//   similarity = 2 · LCS / (words in draft + words in reply)     (1 = same words in the same order)
// Thresholds: ≥ 0.97 unchanged (whitespace, a typo fixed), ≥ 0.6 edited (the draft's wording
// carries the reply), ≥ 0.2 rewritten (parts of it survive), below that — or no AI draft at all —
// none (the agent wrote their own reply).
import type { DraftUse } from '../domain.js';
import { cleanBody } from '../mail/clean.js';

export const DRAFT_USE_THRESHOLDS = { unchanged: 0.97, edited: 0.6, rewritten: 0.2 } as const;
/** Longer texts are compared on their first words only: a reply is decided by its opening. */
const MAX_WORDS = 1_500;

function words(text: string): string[] {
  return cleanBody(text)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_WORDS);
}

function lcs(a: readonly string[], b: readonly string[]): number {
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

export function draftSimilarity(aiDraft: string, reply: string): number {
  const a = words(aiDraft);
  const b = words(reply);
  if (!a.length && !b.length) return 1;
  if (!a.length || !b.length) return 0;
  return (2 * lcs(a, b)) / (a.length + b.length);
}

export function draftUse(aiDraft: string, reply: string): DraftUse {
  if (!aiDraft.trim()) return 'none';
  const s = draftSimilarity(aiDraft, reply);
  if (s >= DRAFT_USE_THRESHOLDS.unchanged) return 'unchanged';
  if (s >= DRAFT_USE_THRESHOLDS.edited) return 'edited';
  if (s >= DRAFT_USE_THRESHOLDS.rewritten) return 'rewritten';
  return 'none';
}
