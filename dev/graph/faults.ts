// Fault injection, as MOCK_GRAPH_FAULTS="drop=0.2,duplicate=0.2,error=0.05,throttle=0.1":
// drop / duplicate / delay notifications; answer API calls with 5xx or 429; or carry out a call
// and lose its response (lost → 504 after the work is done, so retries meet the side effect).
// A seeded generator makes a run repeatable.
import { seededRandom } from '../support/random.js';
export interface FaultRates {
  drop: number;
  duplicate: number;
  error: number;
  throttle: number;
  lost: number;
  /** upper bound of a random extra delay per notification (ms); reorders deliveries */
  delayMs: number;
}

export const NO_FAULTS: FaultRates = { drop: 0, duplicate: 0, error: 0, throttle: 0, lost: 0, delayMs: 0 };

export function parseFaults(spec: string | undefined): FaultRates {
  const out: FaultRates = { ...NO_FAULTS };
  if (!spec?.trim()) return out;
  for (const part of spec.split(',')) {
    if (!part.trim()) continue;
    const [rawKey, rawValue] = part.split('=').map((s) => s.trim());
    const key = rawKey === 'delay' ? 'delayMs' : rawKey;
    const n = Number(rawValue);
    if (!(key in out)) throw new Error(`MOCK_GRAPH_FAULTS: unknown fault '${rawKey}' (drop, duplicate, error, throttle, lost, delay)`);
    if (!Number.isFinite(n) || n < 0 || (key !== 'delayMs' && n > 1)) throw new Error(`MOCK_GRAPH_FAULTS: bad rate in '${part}'`);
    out[key as keyof FaultRates] = n;
  }
  return out;
}

export type ApiFault = 'error' | 'throttle' | 'lost' | null;

export class Faults {
  private rng: () => number;
  constructor(public rates: FaultRates, seed: number = Date.now()) {
    this.rng = seededRandom(seed);
  }
  chance(rate: number): boolean {
    return rate > 0 && this.rng() < rate;
  }
  random(): number {
    return this.rng();
  }
  /** One decision per API call. */
  forApiCall(): ApiFault {
    if (this.chance(this.rates.throttle)) return 'throttle';
    if (this.chance(this.rates.error)) return 'error';
    if (this.chance(this.rates.lost)) return 'lost';
    return null;
  }
}
