// What a doctor check is and how one runs: a name, whether it is required for this configuration,
// and a probe that answers ok / skipped / failing with the reason and the fix. Every probe runs
// under its own timeout; a thrown error becomes a failing result with a normalised message.
import type { Config } from '../config.js';
import { normalizeError } from '../errors.js';
import { withTimeout } from '../timeout.js';

export type CheckStatus = 'ok' | 'skipped' | 'failing';

export interface CheckOutcome {
  status: CheckStatus;
  /** What was found (never a secret). */
  detail: string;
  /** What to do about a failing check. */
  fix?: string;
}

export interface CheckResult extends CheckOutcome {
  name: string;
  required: boolean;
  ms: number;
}

export interface DoctorOptions {
  /** Per-check timeout. */
  timeoutMs: number;
  /** Another mailbox of the tenant the app must NOT be able to read (proves Exchange RBAC scoping). */
  probeMailbox?: string;
  /** Create what the app would create itself anyway (master categories). */
  fix?: boolean;
}

export interface CheckContext {
  config: Config;
  options: DoctorOptions;
  signal: AbortSignal;
  /** Results of checks this one depends on (already finished). */
  results: ReadonlyMap<string, CheckResult>;
}

export interface Check {
  name: string;
  /** Names of checks that must finish first (their results are in ctx.results). */
  after?: string[];
  required(config: Config): boolean;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export const ok = (detail: string): CheckOutcome => ({ status: 'ok', detail });
export const skipped = (detail: string): CheckOutcome => ({ status: 'skipped', detail });
export const failing = (detail: string, fix: string): CheckOutcome => ({ status: 'failing', detail, fix });

export class CheckTimeout extends Error {
  override name = 'CheckTimeout';
}

/** Runs one check under its timeout; never throws. */
export async function runCheck(check: Check, config: Config, options: DoctorOptions, results: ReadonlyMap<string, CheckResult>): Promise<CheckResult> {
  const started = Date.now();
  const required = check.required(config);
  try {
    const outcome = await withTimeout(
      options.timeoutMs,
      (signal) => check.run({ config, options, signal, results }),
      () => new CheckTimeout(`no answer within ${options.timeoutMs} ms`),
    );
    return { name: check.name, required, ms: Date.now() - started, ...outcome };
  } catch (err) {
    const detail = err instanceof CheckTimeout ? err.message : normalizeError(err, check.name).message;
    return { name: check.name, required, ms: Date.now() - started, status: 'failing', detail, fix: 'see the detail; is the host reachable from here and the setting right?' };
  }
}

/** Short text of an error for a detail column (no stack, one line). */
export function reason(err: unknown, service: string): string {
  return normalizeError(err, service).message.replace(/\s+/g, ' ').slice(0, 300);
}
