// Phase "offline": throughput of the offline analyzer on one core — all sample mails analyzed
// again and again on this single thread for a fixed time (nothing else of the benchmark runs
// meanwhile), counting complete analyses per second.
import { performance } from 'node:perf_hooks';
import { OfflineAnalyzer } from '../../../shared/ai/offline/analyzer.js';
import type { Sample } from '../corpus.js';
import { round } from '../measure.js';

export interface OfflineResult {
  ticketsPerSecond: number;
  analyses: number;
  seconds: number;
  mails: number;
  /** Model load and first pass (not counted above). */
  warmupMs: number;
}

export async function runOfflinePhase(samples: readonly Sample[], seconds: number): Promise<OfflineResult> {
  const t0 = performance.now();
  const analyzer = new OfflineAnalyzer();
  const mails = samples.map((s) => s.mail);
  for (const mail of mails) await analyzer.analyze({ mail, mode: 'full' });
  const warmupMs = performance.now() - t0;

  let analyses = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    for (const mail of mails) {
      await analyzer.analyze({ mail, mode: 'full' });
      analyses++;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  return { ticketsPerSecond: round(analyses / elapsed, 0), analyses, seconds: round(elapsed, 2), mails: mails.length, warmupMs: round(warmupMs, 0) };
}
