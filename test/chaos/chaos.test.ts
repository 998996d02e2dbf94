// The chaos run, small enough for the test suite: 40 sample mails through the whole local world
// with Graph faults (drops, duplicates, 5xx, 429), the LLM answering 529 to a share of calls, and
// two Functions hosts sharing the work as two Azure instances would — one of them SIGKILLed
// mid-way — while people act in Outlook on a share of the triaged tickets (at least one of each
// kind, each kind once unnoticed by any notification). `npm run chaos` runs the same with 200
// mails (see run.ts; --hosts 2 for two hosts).
import { describe, expect, it } from 'vitest';
import { formatReport, runChaos } from './run.js';

describe('chaos: faults, overloads and a crashed instance lose and double nothing', () => {
  it('with two hosts, every mail ends as exactly one ticket, draft and card (or a recorded skip), every Outlook action reaches its ticket exactly once, nothing is sent twice, nothing poisoned without a reason', async () => {
    const report = await runChaos({ mails: 40, hosts: 2, deadlineMs: 300_000, seed: 42 });
    const table = formatReport(report);
    // The chaos must really have happened, or the run proves nothing.
    expect(Number(report.figures.notificationsDropped), table).toBeGreaterThan(0);
    expect(Number(report.figures.notificationsDuplicated), table).toBeGreaterThan(0);
    expect(Number(report.figures.graphFaultsInjected), table).toBeGreaterThan(0);
    expect(Number(report.figures.llmOverloaded529), table).toBeGreaterThan(0);
    // Both hosts served the webhook: the work really was shared.
    const perHost = Object.fromEntries(String(report.figures.requestsPerHost).split(' ').map((p) => p.split(':')).map(([h, n]) => [h, Number(n)]));
    expect(Object.keys(perHost), table).toEqual(['host', 'host-2']);
    expect(Object.values(perHost).every((n) => n > 0), table).toBe(true);
    // Graph's per-mailbox concurrency held across both hosts.
    expect(Number(report.figures.graphPeakConcurrency), table).toBeLessThanOrEqual(4);
    expect(Number(report.figures.graphConcurrency429), table).toBe(0);
    // People acted in Outlook: every kind at least once, each kind once with its notifications
    // dropped, so that only the reconcile timer could carry it to the ticket.
    expect(Number(report.figures.outlookActions), table).toBeGreaterThanOrEqual(7);
    expect(Number(report.figures.outlookActionsUnnoticed), table).toBe(7);
    expect(report.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}`), table).toEqual(report.checks.map((c) => `PASS ${c.name}: ${c.detail}`));
    expect(report.ok, table).toBe(true);
  }, 480_000);
});
