// `npm run doctor`: every configured integration checked from the running configuration, in
// parallel where independent (each under its own timeout), reported as one table with the reason
// and the fix. Required checks decide the exit code: Graph token, mailbox and storage always; the
// others when their integration is configured (or, for the subscription and webhook, in production).
import type { Config } from '../config.js';
import { runCheck, type Check, type CheckResult, type DoctorOptions } from './check.js';
import { GRAPH_CHECKS } from './graph.js';
import { SERVICE_CHECKS } from './services.js';
import { outlookPane } from './pane.js';

export type { Check, CheckResult, CheckStatus, DoctorOptions } from './check.js';
export { TEAMS_CHANNEL_STATE_KEY } from './services.js';

export const ALL_CHECKS: Check[] = [...GRAPH_CHECKS, ...SERVICE_CHECKS, outlookPane];

export const DEFAULT_DOCTOR_OPTIONS: DoctorOptions = { timeoutMs: 10_000 };

/** Runs the checks (dependencies first, the rest in parallel); results in the checks' order. */
export async function runDoctor(config: Config, options: Partial<DoctorOptions> = {}, checks: Check[] = ALL_CHECKS): Promise<CheckResult[]> {
  const opts = { ...DEFAULT_DOCTOR_OPTIONS, ...options };
  const results = new Map<string, CheckResult>();
  const running = new Map<string, Promise<CheckResult>>();
  const start = (check: Check): Promise<CheckResult> => {
    let p = running.get(check.name);
    if (!p) {
      p = (async () => {
        for (const dep of check.after ?? []) {
          const d = checks.find((c) => c.name === dep);
          if (d) await start(d);
        }
        const r = await runCheck(check, config, opts, results);
        results.set(check.name, r);
        return r;
      })();
      running.set(check.name, p);
    }
    return p;
  };
  return Promise.all(checks.map(start));
}

/** 0 when every required check is ok; 1 otherwise. */
export function exitCodeOf(results: CheckResult[]): number {
  return results.some((r) => r.required && r.status !== 'ok') ? 1 : 0;
}

const MARK: Record<CheckResult['status'], string> = { ok: 'ok', skipped: 'skipped', failing: 'FAILING' };

/** A plain-text table: check | status | detail (and the fix on the next line for failing checks). */
export function formatTable(results: CheckResult[], width = 110): string {
  const nameW = Math.max(5, ...results.map((r) => r.name.length + (r.required ? 2 : 0)));
  const statusW = 8;
  const detailW = Math.max(30, width - nameW - statusW - 6);
  const wrap = (text: string): string[] => {
    const out: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
      if (line && line.length + word.length + 1 > detailW) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(line);
    return out.length ? out : [''];
  };
  const row = (a: string, b: string, c: string) => `${a.padEnd(nameW)} | ${b.padEnd(statusW)} | ${c}`;
  const lines = [row('check', 'status', 'detail'), `${'-'.repeat(nameW)}-+-${'-'.repeat(statusW)}-+-${'-'.repeat(detailW)}`];
  for (const r of results) {
    const detail = wrap(r.detail);
    lines.push(row(`${r.name}${r.required ? ' *' : ''}`, MARK[r.status], detail[0]!));
    for (const more of detail.slice(1)) lines.push(row('', '', more));
    if (r.status === 'failing' && r.fix) for (const [i, f] of wrap(r.fix).entries()) lines.push(row('', '', `${i === 0 ? 'fix: ' : '     '}${f}`));
  }
  const failed = results.filter((r) => r.required && r.status !== 'ok').map((r) => r.name);
  lines.push('', '* required for this configuration', failed.length ? `FAILING (required): ${failed.join(', ')}` : 'all required checks ok');
  return lines.join('\n');
}
