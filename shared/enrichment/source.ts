// The contract every enrichment source implements (Sentry, PostHog, accounts database), so the
// enricher can run them side by side with one timeout and one failure policy.
import type { EnrichmentFacts } from '../domain.js';

export type SourceName = keyof EnrichmentFacts['sources'];
export const SOURCE_NAMES = ['account', 'sentry', 'posthog'] as const satisfies readonly SourceName[];

export type AccountFacts = NonNullable<EnrichmentFacts['account']>;
export type ErrorFacts = NonNullable<EnrichmentFacts['errors']>;
export type RecordingFacts = NonNullable<EnrichmentFacts['recordings']>;

export interface LookupContext {
  /** Aborted when the source's time is up; adapters pass it to their I/O. */
  signal: AbortSignal;
  /** Epoch ms by which the source must have answered (no retry wait may cross it). */
  deadline: number;
}

export interface EnrichmentSource<T> {
  readonly name: SourceName;
  /** The facts about this person, or null when the source does not know them. Throws AppError on failure. */
  lookup(email: string, ctx: LookupContext): Promise<T | null>;
  /** Releases pooled connections (the accounts pool); HTTP sources have nothing to release. */
  close?(): Promise<void>;
}
