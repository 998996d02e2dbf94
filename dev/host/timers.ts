// Timer triggers of the local Functions host. Schedules are NCRONTAB with six fields
// ({second} {minute} {hour} {day} {month} {day-of-week}, UTC) or a TimeSpan ("00:00:15").
// Like the runtime: runOnStartup runs once when the host starts, runs of one timer never overlap,
// and occurrences missed while a run was still going are skipped (the next one is computed from
// the time the run ended). isPastDue is true when an occurrence fires later than scheduled.
import { CronExpressionParser } from 'cron-parser';
import type { Timer } from '@azure/functions';
import type { TimerHandler } from '../../functions/table.js';
import type { Logger } from '../../shared/log.js';
import { createInvocationContext } from './context.js';
import { parseTimeSpan } from './settings.js';

export interface TimerFunction {
  name: string;
  /** Already resolved (%SETTING% replaced). */
  schedule: string;
  runOnStartup: boolean;
  handler: TimerHandler;
}

export type Schedule = { next(after: Date): Date; describe: string };

/** Throws with a specific message for anything the runtime would also reject. */
export function parseSchedule(expr: string): Schedule {
  const text = expr.trim();
  if (/^(?:\d+\.)?\d{1,2}:\d{1,2}:\d{1,2}$/.test(text)) {
    const every = parseTimeSpan(text);
    if (every <= 0) throw new Error(`timer schedule "${expr}": interval must be positive`);
    return { describe: `every ${every / 1000} s`, next: (after) => new Date(after.getTime() + every) };
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(`timer schedule "${expr}": NCRONTAB needs 6 fields ({second} {minute} {hour} {day} {month} {day-of-week}), got ${fields.length}`);
  }
  try {
    CronExpressionParser.parse(text, { tz: 'UTC', strict: false });
  } catch (e) {
    throw new Error(`timer schedule "${expr}": ${(e as Error).message}`);
  }
  return {
    describe: text,
    next: (after) => CronExpressionParser.parse(text, { tz: 'UTC', currentDate: after }).next().toDate(),
  };
}

/** Late by more than this and an occurrence counts as past due (event-loop jitter stays below it). */
const PAST_DUE_SLACK_MS = 1000;
/** setTimeout's limit; longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class TimerRunner {
  private readonly schedule: Schedule;
  private running = false;
  private current: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private last: Date | undefined;
  private readonly log: Logger;

  constructor(
    private readonly fn: TimerFunction,
    private readonly rootLog: Logger,
  ) {
    this.schedule = parseSchedule(fn.schedule);
    this.log = rootLog.child({ function: fn.name });
  }

  get description(): string {
    return this.schedule.describe;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  async stop(graceMs: number): Promise<void> {
    this.running = false;
    this.wake?.();
    if (this.current) await Promise.race([this.current, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  /** One run outside the schedule (admin endpoint); waits for a running one instead of overlapping. */
  async runNow(): Promise<void> {
    while (this.current) await this.current;
    await this.invoke(false, new Date());
  }

  private async sleepUntil(when: Date): Promise<void> {
    while (this.running) {
      const ms = when.getTime() - Date.now();
      if (ms <= 0) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(ms, MAX_TIMEOUT_MS));
        function done() {
          clearTimeout(t);
          resolve();
        }
        this.wake = done;
      });
    }
  }

  private async loop(): Promise<void> {
    if (this.fn.runOnStartup) await this.invoke(false, new Date());
    let from = new Date();
    while (this.running) {
      const due = this.schedule.next(from);
      await this.sleepUntil(due);
      if (!this.running) break;
      while (this.current) await this.current;
      const late = Date.now() - due.getTime() > PAST_DUE_SLACK_MS;
      await this.invoke(late, due);
      const now = new Date();
      const following = this.schedule.next(due);
      if (following.getTime() < now.getTime()) this.log.warn('skipped occurrences while the previous run was still running', { scheduled: following.toISOString() });
      from = following.getTime() < now.getTime() ? now : due;
    }
  }

  private invoke(isPastDue: boolean, scheduled: Date): Promise<void> {
    const run = (async () => {
      const timer: Timer = {
        isPastDue,
        schedule: { adjustForDST: false },
        scheduleStatus: {
          last: (this.last ?? new Date(0)).toISOString(),
          next: this.schedule.next(scheduled).toISOString(),
          lastUpdated: new Date().toISOString(),
        },
      };
      const { context, log } = createInvocationContext({ functionName: this.fn.name, trigger: 'timerTrigger', triggerMetadata: { timer }, log: this.rootLog });
      const started = Date.now();
      try {
        await this.fn.handler(timer, context);
        log.info('executed', { isPastDue, durationMs: Date.now() - started });
      } catch (err) {
        log.error('function failed', { err, isPastDue, durationMs: Date.now() - started });
      } finally {
        this.last = scheduled;
      }
    })();
    this.current = run;
    void run.finally(() => {
      if (this.current === run) this.current = undefined;
    });
    return run;
  }
}
