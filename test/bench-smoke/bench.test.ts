// Smoke test of `npm run bench`: a tiny configuration of every phase runs end to end against the
// local world and its last output line is the documented JSON object. No timing is asserted —
// only that each figure was measured and that the backlog came out exactly once.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../dev/support/cert.js';
import { benchResultSchema, GOALS } from '../bench/report.js';

const run = promisify(execFile);

describe('npm run bench', () => {
  it('prints one JSON object with every goal figure measured as its last line', async () => {
    const args = [
      '--import', 'tsx', path.join(REPO_ROOT, 'test', 'bench', 'bench.ts'),
      '--json', '--no-progress',
      '--samples', '1', '--approvals', '1', '--llm-delay', '5', '--enrichment-delay', '0',
      '--burst', '20', '--burst-connections', '2', '--burst-warmup', '0', '--cold-rounds', '1',
      '--backlog', '6', '--budget', '1000', '--window-ms', '1000', '--stall', '60',
      '--offline-seconds', '0.2', '--stats-tickets', '500', '--stats-days', '40', '--data-dir', '.world/bench-smoke-pglite',
      '--outlook-per-kind', '1',
    ];
    const { stdout } = await run(process.execPath, args, { cwd: REPO_ROOT, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
    const last = stdout.trim().split('\n').at(-1) ?? '';
    const result = benchResultSchema.parse(JSON.parse(last));

    for (const g of GOALS) expect(result.goals.find((x) => x.metric === g.metric)?.value, g.metric).toEqual(expect.any(Number));
    expect(result.llmCallsPerTicket).toBeGreaterThanOrEqual(1);
    expect(result.graphRequestsPerTicket).toBeGreaterThan(0);
    expect(result.lost).toBe(0);
    expect(result.doubled).toBe(0);
    const burst = result.phases.burst as { enqueued: number; expectedEnqueued: number; non2xx: number; durableFloor: { non2xx: number; errors: number } };
    expect(burst.non2xx).toBe(0);
    // The durable floor acknowledged every notification after its queue write (a failed write is a 503).
    expect(result.webhookAckP99VsDurableFloor).toEqual(expect.any(Number));
    expect(burst.durableFloor).toMatchObject({ non2xx: 0, errors: 0 });
    expect(burst.enqueued).toBe(burst.expectedEnqueued);
    // Every kind of Outlook change was measured, and each reached its ticket.
    expect(Object.keys(result.graphRequestsPerOutlookChange ?? {}).sort()).toEqual(['category', 'flag', 'junk', 'read-only', 'sent-from-outlook']);
    expect((result.phases.outlook as { problems: string[] }).problems).toEqual([]);
  }, 300_000);
});
