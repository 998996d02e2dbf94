// `npm start` and the CLIs as a person uses them, each a separate process: a busy port stops the
// start before anything runs, naming the port and the setting that moves it; a running world
// publishes its wiring so `npm run doctor`, `analyze` and `seed-tickets` work in another terminal
// with no exports; a child that dies after `ready` stops the world, named with its last lines.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/support/ports.js';
import { ENV_VARS } from '../../shared/config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const PORT_SETTINGS = ['FUNCTIONS_PORT', 'MOCK_GRAPH_PORT', 'SMTP_PORT', 'AZURITE_BLOB_PORT', 'AZURITE_QUEUE_PORT', 'AZURITE_TABLE_PORT', 'PLAYGROUND_PORT', 'ENRICHMENT_SENTRY_PORT', 'ENRICHMENT_POSTHOG_PORT', 'ENRICHMENT_PG_PORT', 'FAKE_ANTHROPIC_PORT'];

/** A terminal's environment: no app setting, no CA bundle (the test runner sets both for itself). */
function terminalEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const v of ENV_VARS) delete env[v.env];
  for (const k of ['NODE_EXTRA_CA_CERTS', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID', 'NODE_ENV', 'SMTP_HOST', 'SMTP_PORT', 'WORLD_ENV_LOADED']) delete env[k];
  return { ...env, ...extra };
}

async function freePorts(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const k of PORT_SETTINGS) out[k] = String(await freePort());
  return out;
}

interface Run {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Run {
  const proc = spawn(process.execPath, ['--import', TSX, path.join(ROOT, file), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

async function until(what: string, check: () => boolean, timeoutMs: number, run?: Run): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${run ? `\n--- output ---\n${run.output().slice(-4000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs a CLI to its end; stdout and stderr apart. */
function cli(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', TSX, path.join(ROOT, file), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    proc.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start with a port already taken', () => {
  let blocker: net.Server;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'world-start-busy-'));
    blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => blocker.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the port and the setting that moves it, starts nothing and exits non-zero', async () => {
    const busy = (blocker.address() as net.AddressInfo).port;
    const start = run('dev/start.ts', [], terminalEnv({ ...(await freePorts()), PLAYGROUND_PORT: String(busy), WORLD_DATA_DIR: dataDir }));
    const code = await start.exited;
    expect(code).toBe(3);
    expect(start.output()).toContain(`port ${busy} (Agents Playground) is in use by another process — set PLAYGROUND_PORT`);
    expect(start.output()).toContain('nothing was started');
    // No child ever printed (children's lines carry a [name] prefix) and nothing was written.
    expect(start.output()).not.toMatch(/^\[\w+\]/m);
    expect(existsSync(path.join(dataDir, 'env'))).toBe(false);
  });

  it('refuses two settings on one port', async () => {
    const ports = await freePorts();
    const start = run('dev/start.ts', [], terminalEnv({ ...ports, SMTP_PORT: ports.FUNCTIONS_PORT!, WORLD_DATA_DIR: dataDir }));
    expect(await start.exited).toBe(3);
    expect(start.output()).toContain(`port ${ports.FUNCTIONS_PORT} (SMTP intake) also set for Functions host (FUNCTIONS_PORT) — set SMTP_PORT`);
  });
});

describe('a running world and CLIs in another terminal', () => {
  let dataDir: string;
  let start: Run | undefined;
  let cliEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'world-start-'));
    start = run('dev/start.ts', [], terminalEnv({ ...(await freePorts()), WORLD_DATA_DIR: dataDir, WORLD_PLAYGROUND: 'false' }));
    await until('world: ready', () => /world: ready in/.test(start!.output()) || start!.proc.exitCode !== null, 240_000, start);
    expect(start.output(), start.output().slice(-3000)).toMatch(/world: ready in/);
    cliEnv = terminalEnv({ WORLD_DATA_DIR: dataDir });
  }, 300_000);

  afterAll(async () => {
    if (start && start.proc.exitCode === null) {
      start.proc.kill('SIGTERM');
      await start.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('npm run doctor checks the running world with no exports and says so first', async () => {
    const r = await cli('shared/cli/doctor.ts', ['--json'], cliEnv);
    expect(r.stderr.split('\n')[0]).toBe(`doctor: using the running local world's settings from ${path.join(dataDir, 'env')} (any app setting in the environment turns this off)`);
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ok: boolean; results: { name: string; status: string }[] };
    const failing = report.results.filter((x) => x.status === 'failing');
    expect(failing, JSON.stringify(failing)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(r.code).toBe(0);
    const status = Object.fromEntries(report.results.map((x) => [x.name, x.status]));
    for (const name of ['graph token', 'mailbox', 'storage', 'functions host', 'sentry', 'posthog', 'accounts db']) expect(status[name], name).toBe('ok');
  }, 120_000);

  it('npm run doctor trusts the world\'s certificate even when the shell names a CA bundle of its own', async () => {
    // Many machines set NODE_EXTRA_CA_CERTS to the system bundle; the world's certificate must still be trusted.
    const ownBundle = path.join(dataDir, 'own-ca.pem');
    const system = '/etc/ssl/certs/ca-certificates.crt';
    writeFileSync(ownBundle, existsSync(system) ? readFileSync(system, 'utf8') : '');
    const r = await cli('shared/cli/doctor.ts', ['--json'], { ...cliEnv, NODE_EXTRA_CA_CERTS: ownBundle });
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ok: boolean; results: { name: string; status: string }[] };
    const status = Object.fromEntries(report.results.map((x) => [x.name, x.status]));
    expect(status['graph token'], r.stdout.slice(-2000)).toBe('ok');
    expect(r.code).toBe(0);
  }, 120_000);

  it('npm run doctor with a setting of its own does not load the world', async () => {
    const r = await cli('shared/cli/doctor.ts', ['--json', '--timeout', '2000'], { ...cliEnv, GRAPH_BASE_URL: 'https://127.0.0.1:1/v1.0' });
    expect(r.stderr).not.toContain('using the running local world');
    expect(r.code).toBe(1);
  }, 120_000);

  it('npm run analyze and npm run seed-tickets work against it too', async () => {
    const a = await cli('shared/cli/analyze.ts', ['--json', path.join(ROOT, 'tickets', 'de-001-quiz-crash.eml')], cliEnv);
    expect(a.stderr.split('\n')[0]).toMatch(/^analyze: using the running local world's settings/);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout.trim())).toMatchObject({ language: 'de', category: 'bug-report' });
    const s = await cli('dev/seed-tickets.ts', ['1'], cliEnv);
    expect(s.stderr.split('\n')[0]).toMatch(/^seed-tickets: using the running local world's settings/);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/delivered 1 sample tickets/);
  }, 120_000);

  it('a child that dies after ready stops the world, named with its last lines, and the wiring is withdrawn', async () => {
    const ps = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(start!.proc.pid)], { encoding: 'utf8' });
    const graph = ps.split('\n').find((l) => l.includes('dev/graph/main.ts'));
    expect(graph, ps).toBeDefined();
    const children = ps.split('\n').map((l) => Number.parseInt(l.trim(), 10)).filter((n) => n > 0);
    process.kill(Number.parseInt(graph!.trim(), 10), 'SIGKILL');
    const code = await start!.exited;
    expect(code).toBe(1);
    expect(start!.output()).toContain('world: graph stopped unexpectedly (SIGKILL); stopping the world');
    expect(start!.output()).toMatch(/world: last output of graph:\n {4}\S/);
    expect(existsSync(path.join(dataDir, 'env'))).toBe(false);
    // Running, not just present: on a busy machine a child can still be on its way out for a
    // moment after the world's process ended (a helper that ends when its parent does, or a zombie
    // until the container's init reaps it). One that is still running after 10 s is a leak.
    const running = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 10_000;
    while (children.some(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(children.filter(running).map((pid) => `${pid}: ${ps.split('\n').find((l) => l.trim().startsWith(`${pid} `))?.trim() ?? '?'}`)).toEqual([]);
  }, 120_000);
});
