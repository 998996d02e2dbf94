// Small measuring tools shared by the benchmark's phases: percentiles, a card port that records
// when each ticket's card went out, Graph notification payloads, queue receive, progress bars and
// peak memory.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import type { Ticket } from '../../shared/domain.js';
import type { CardRef, ThreadMessage, TicketCards } from '../../shared/ports.js';
import { RecordingTicketCards } from '../../shared/tickets/cards.js';

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { n: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: at(50), p90: at(90), p99: at(99), max: s[s.length - 1]! };
}

/** Mean milliseconds per pipeline step over tickets' recorded timings (Ticket.timings). */
export function meanStepTimings(timings: readonly (readonly { step: string; ms: number }[])[]): Record<string, number> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const list of timings) {
    for (const { step, ms } of list) {
      const s = sums.get(step) ?? { total: 0, n: 0 };
      s.total += ms;
      s.n++;
      sums.set(step, s);
    }
  }
  return Object.fromEntries([...sums].map(([step, s]) => [step, Math.round((s.total / s.n) * 10) / 10]));
}

/** A ticket's step timings plus its enrichment sources' own durations (as "enrichment.<source>"). */
export function ticketTimings(t: Ticket): { step: string; ms: number }[] {
  const sources = Object.entries(t.enrichment?.sources ?? {}).flatMap(([name, s]) => (s.ms === undefined ? [] : [{ step: `enrichment.${name}`, ms: s.ms }]));
  return [...t.timings, ...sources];
}

export function roundSummary(s: Summary, digits = 1): Summary {
  return { n: s.n, mean: round(s.mean, digits), p50: round(s.p50, digits), p90: round(s.p90, digits), p99: round(s.p99, digits), max: round(s.max, digits) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The Teams side for the benchmark: records each card (like the product's recorder) and when a ticket's first card went out. */
export class TimedCards implements TicketCards {
  readonly recorder = new RecordingTicketCards('bench:support-channel');
  private readonly firstAt = new Map<string, number>();

  async publish(ticket: Ticket): Promise<CardRef | null> {
    if (!this.firstAt.has(ticket.id)) this.firstAt.set(ticket.id, performance.now());
    return this.recorder.publish(ticket);
  }

  replyInThread(ticket: Ticket, message: ThreadMessage): Promise<string | null> {
    return this.recorder.replyInThread(ticket, message);
  }

  postToChannel(card: Record<string, unknown>): Promise<CardRef | null> {
    return this.recorder.postToChannel(card);
  }

  /** performance.now() of the ticket's first card. */
  cardAt(ticketId: string): number | undefined {
    return this.firstAt.get(ticketId);
  }

  /** Card posts (not updates) per ticket id. */
  postsByTicket(): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of this.recorder.posts()) out.set(c.ticketId, (out.get(c.ticketId) ?? 0) + 1);
    return out;
  }
}

export const BENCH_SUBSCRIPTION_ID = 'bench-subscription-0001';

/** A Graph change notification for one new Inbox message, as Graph posts it. */
export function notificationBody(o: { subscriptionId: string; clientState: string; tenantId: string; userId: string; messageId: string }): string {
  const resource = `Users/${o.userId}/Messages/${o.messageId}`;
  return JSON.stringify({
    value: [
      {
        subscriptionId: o.subscriptionId,
        subscriptionExpirationDateTime: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        changeType: 'created',
        resource,
        resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': resource, '@odata.etag': 'W/"bench"', id: o.messageId },
        clientState: o.clientState,
        tenantId: o.tenantId,
      },
    ],
  });
}

/** Receives one message, polling tightly (the latency phase must not add the host's idle backoff). */
export async function receiveOne(queue: QueueClient, timeoutMs = 10_000): Promise<DequeuedMessageItem> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await queue.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 120 });
    const m = r.receivedMessageItems[0];
    if (m) return m;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`no message arrived on queue ${queue.name} within ${timeoutMs} ms`);
}

export interface Progress {
  tick(by?: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

/** A progress bar on a terminal; silent otherwise (CI logs, --json piped into a file). */
export function progress(label: string, total: number, enabled: boolean): Progress {
  if (!enabled) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `  ${label.padEnd(22)} |{bar}| {value}/{total} {note}`, hideCursor: true, clearOnComplete: false, stream: process.stderr, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { note: '' });
  return {
    tick(by = 1, payload) {
      bar.increment(by, payload ?? {});
    },
    stop() {
      bar.stop();
    },
  };
}

/** Peak resident set size of this process, MB. */
export function ownPeakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

/** CPU time (user + system) a process has used so far, ms (Linux /proc); null where unavailable. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after "(comm) ".
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS : null;
  } catch {
    return null;
  }
}

/** USER_HZ on Linux (sysconf(_SC_CLK_TCK)); 100 on every common kernel. */
const CLOCK_TICKS = 100;

/** Peak resident set size of another process (Linux /proc VmHWM), MB; null where unavailable. */
export function peakRssMbOf(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}
