// Phase "offline": throughput of the offline analyzer on one core — all sample mails analyzed
// again and again on this single thread for a fixed time (nothing else of the benchmark runs
// meanwhile), counting complete analyses per CPU-second of this process (and per wall second).
// The process's CPU time includes V8's helper threads (GC), so the per-core figure is conservative.
import { performance } from 'node:perf_hooks';
import { OfflineAnalyzer } from '../../../shared/ai/offline/analyzer.js';
import type { Sample } from '../corpus.js';
import { round } from '../measure.js';

export interface OfflineResult {
  /** Analyses per CPU-second of this process: one core's throughput, robust against other load on the machine. */
  ticketsPerSecond: number;
  /** Analyses per wall-clock second (lower when other processes compete for the core). */
  ticketsPerWallSecond: number;
  cpuSeconds: number;
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
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    for (const mail of mails) {
      await analyzer.analyze({ mail, mode: 'full' });
      analyses++;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    ticketsPerSecond: round(analyses / cpuSeconds, 0),
    ticketsPerWallSecond: round(analyses / elapsed, 0),
    cpuSeconds: round(cpuSeconds, 2),
    analyses,
    seconds: round(elapsed, 2),
    mails: mails.length,
    warmupMs: round(warmupMs, 0),
  };
}
