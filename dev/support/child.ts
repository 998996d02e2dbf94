// One child process of the local world: output shown with a name prefix (unless quiet) and kept
// as a tail for error messages, readiness by an output line or a probe, unexpected exits reported,
// and a stop that escalates from a polite signal to SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  quiet?: boolean;
  /** Lines that are noise for a person watching (still kept in the tail). */
  hide?: RegExp;
}

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null };

const TAIL_LINES = 40;

export class ManagedChild {
  readonly proc: ChildProcess;
  readonly exited: Promise<ExitInfo>;
  private readonly tailLines: string[] = [];
  private readonly listeners = new Set<(line: string) => void>();
  private expectedExit = false;
  private exitInfo: ExitInfo | undefined;

  constructor(
    readonly spec: ChildSpec,
    onUnexpectedExit: (child: ManagedChild, info: ExitInfo) => void,
  ) {
    // Same process group as the launcher: a Ctrl-C in the terminal (or a signal to the group)
    // reaches every child directly, so nothing survives the launcher.
    this.proc = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const prefix = `[${spec.name}]`.padEnd(13);
    for (const stream of [this.proc.stdout!, this.proc.stderr!]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        this.tailLines.push(line);
        if (this.tailLines.length > TAIL_LINES) this.tailLines.shift();
        if (!spec.quiet && !(spec.hide && spec.hide.test(line))) process.stdout.write(`${prefix} ${line}\n`);
        for (const l of this.listeners) l(line);
      });
    }
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
        if (!this.expectedExit) onUnexpectedExit(this, this.exitInfo);
      });
      this.proc.once('error', (err) => {
        this.tailLines.push(`spawn failed: ${err.message}`);
        this.exitInfo = { code: -1, signal: null };
        resolve(this.exitInfo);
        if (!this.expectedExit) onUnexpectedExit(this, this.exitInfo);
      });
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  tail(n = 15): string {
    return this.tailLines.slice(-n).map((l) => `    ${l}`).join('\n');
  }

  /** A failure naming this child, its exit and its last output. */
  failure(reason: string): Error {
    const out = this.tail();
    return new Error(`${this.spec.name}: ${reason}${out ? `\n  last output of ${this.spec.name}:\n${out}` : ` (${this.spec.name} printed nothing)`}`);
  }

  /** Resolves with the first output line matching `re` (including lines already printed). */
  waitForLine(re: RegExp, timeoutMs: number, signal?: AbortSignal): Promise<string> {
    const seen = this.tailLines.find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return this.waitFor(
      (resolve) => {
        const l = (line: string) => {
          if (re.test(line)) resolve(line);
        };
        this.listeners.add(l);
        return () => this.listeners.delete(l);
      },
      `did not print a line matching ${re} within ${Math.round(timeoutMs / 1000)} s`,
      timeoutMs,
      signal,
    );
  }

  /** Resolves when `probe` returns true (polled), failing if the child exits first. */
  waitForProbe(probe: () => Promise<boolean>, what: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waitFor<void>(
      (resolve) => {
        let stop = false;
        void (async () => {
          while (!stop) {
            if (await probe().catch(() => false)) return resolve();
            await new Promise((r) => setTimeout(r, 150));
          }
        })();
        return () => {
          stop = true;
        };
      },
      `${what} within ${Math.round(timeoutMs / 1000)} s`,
      timeoutMs,
      signal,
    );
  }

  private waitFor<T>(arm: (resolve: (v: T) => void) => () => void, timeoutMessage: string, timeoutMs: number, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let disarm: () => void = () => {};
      const timer = setTimeout(() => finish(() => reject(this.failure(timeoutMessage))), timeoutMs);
      const onAbort = () => finish(() => reject(new Error(`${this.spec.name}: start cancelled`)));
      const finish = (f: () => void) => {
        clearTimeout(timer);
        disarm();
        signal?.removeEventListener('abort', onAbort);
        f();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      void this.exited.then((info) => finish(() => reject(this.failure(`exited during start (${info.signal ?? `code ${info.code}`})`))));
      disarm = arm((v) => finish(() => resolve(v)));
    });
  }

  /** Sends `signal`, then SIGKILL if the child is still there after `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<ExitInfo> {
    this.expectedExit = true;
    if (this.exitInfo) return this.exitInfo;
    this.proc.kill(signal);
    const killer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    const info = await this.exited;
    clearTimeout(killer);
    this.proc.stdin?.destroy();
    return info;
  }
}
