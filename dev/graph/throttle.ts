// Outlook's per-mailbox limits: at most N concurrent requests and a request budget per sliding
// window. A request over either limit is refused at once (the caller answers 429 with Retry-After).
export interface LimitSettings {
  concurrency: number;
  budget: number;
  windowMs: number;
}

export const OUTLOOK_LIMITS: LimitSettings = { concurrency: 4, budget: 10_000, windowMs: 600_000 };

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; reason: 'concurrency' | 'budget'; retryAfterSeconds: number };

export class MailboxLimits {
  private inFlight = new Map<string, number>();
  private stamps = new Map<string, number[]>();
  peakConcurrency = 0;

  constructor(private settings: LimitSettings | false) {}

  configure(settings: LimitSettings | false): void {
    this.settings = settings;
  }

  current(): LimitSettings | false {
    return this.settings;
  }

  admit(mailbox: string, now = Date.now()): Admission {
    const inFlight = this.inFlight.get(mailbox) ?? 0;
    const s = this.settings;
    if (s) {
      if (inFlight >= s.concurrency) return { ok: false, reason: 'concurrency', retryAfterSeconds: 1 };
      const stamps = this.stamps.get(mailbox) ?? [];
      while (stamps.length && stamps[0]! <= now - s.windowMs) stamps.shift();
      if (stamps.length >= s.budget) {
        return { ok: false, reason: 'budget', retryAfterSeconds: Math.max(1, Math.ceil((stamps[0]! + s.windowMs - now) / 1000)) };
      }
      stamps.push(now);
      this.stamps.set(mailbox, stamps);
    }
    this.inFlight.set(mailbox, inFlight + 1);
    this.peakConcurrency = Math.max(this.peakConcurrency, inFlight + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(mailbox, (this.inFlight.get(mailbox) ?? 1) - 1);
      },
    };
  }

  reset(): void {
    this.stamps.clear();
    this.peakConcurrency = 0;
  }
}

/** "concurrency=4,budget=10000,windowMs=600000" or "off" (as MOCK_GRAPH_LIMITS). */
export function parseLimits(spec: string | undefined): LimitSettings | false {
  if (spec === undefined || spec.trim() === '') return OUTLOOK_LIMITS;
  if (/^(off|false|none|0)$/i.test(spec.trim())) return false;
  const out: LimitSettings = { ...OUTLOOK_LIMITS };
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`MOCK_GRAPH_LIMITS: bad value in '${part}'`);
    if (k === 'concurrency' || k === 'budget' || k === 'windowMs') out[k] = n;
    else throw new Error(`MOCK_GRAPH_LIMITS: unknown key '${k}' (concurrency, budget, windowMs)`);
  }
  return out;
}
