// The few enrichment facts the Claude call may use in a draft — plan, where it was bought,
// renewal date, account state, whether the app reported errors recently — and nothing else: no
// name, address, country, sign-up date, error titles or recording links reach the model.
import type { EnrichmentFacts } from '../domain.js';

export interface AccountFactsForDraft {
  plan?: string;
  /** Where the subscription was bought: decides who handles a refund. */
  store?: 'App Store' | 'Google Play' | 'web';
  renewalDate?: string;
  accountState?: string;
  hasRecentErrors: boolean;
}

const STORE: Record<string, AccountFactsForDraft['store']> = { ios: 'App Store', android: 'Google Play', web: 'web' };
/** Short, plain values only: a fact that looks like free text is left out rather than passed on. */
const PLAIN = /^[\p{L}\p{N} ._:+-]{1,40}$/u;
const plain = (v: unknown): string | undefined => (typeof v === 'string' && PLAIN.test(v) ? v : undefined);

export function accountFactsForDraft(facts: EnrichmentFacts | null | undefined): AccountFactsForDraft | null {
  if (!facts) return null;
  const account = facts.account ?? null;
  const hasRecentErrors = (facts.errors ?? []).some((e) => e.count > 0);
  if (!account && !hasRecentErrors) return null;
  const out: AccountFactsForDraft = { hasRecentErrors };
  const plan = plain(account?.plan);
  if (plan) out.plan = plan;
  const store = STORE[plain(account?.platform) ?? ''];
  if (store) out.store = store;
  const renewal = plain(account?.renewalDate);
  if (renewal && /^\d{4}-\d{2}-\d{2}/.test(renewal)) out.renewalDate = renewal.slice(0, 10);
  const state = plain(account?.status);
  if (state) out.accountState = state;
  return out;
}

/** The facts as lines for the user message (English; the model writes them in the customer's language). */
export function renderAccountFacts(f: AccountFactsForDraft): string[] {
  return [
    ...(f.plan ? [`- plan: ${f.plan}`] : []),
    ...(f.store ? [`- bought through: ${f.store}`] : []),
    ...(f.renewalDate ? [`- renews on: ${f.renewalDate}`] : []),
    ...(f.accountState ? [`- account state: ${f.accountState}`] : []),
    `- the app reported errors for this account recently: ${f.hasRecentErrors ? 'yes' : 'no'}`,
  ];
}

/**
 * The enrichment facts, or null once `ms` have passed or the lookup failed. The enricher bounds
 * each source by its own timeout; this bound only guards against an enricher that never answers.
 */
export async function awaitFacts(p: Promise<EnrichmentFacts | null> | undefined, ms: number): Promise<EnrichmentFacts | null> {
  if (!p) return null;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.catch(() => null), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
