// Starts Azurite (npm `azurite`, spawned from its bin) for the local world and for tests.
// --skipApiVersionCheck: @azure/storage-queue may send a newer x-ms-version than Azurite knows.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import os from 'node:os';
import { freePort } from './ports.js';

export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  connectionString: string;
  ports: { blob: number; queue: number; table: number };
  process: ChildProcess;
  stop(): Promise<void>;
}

export function azuriteConnectionString(ports: { blob: number; queue: number; table: number }, host = '127.0.0.1'): string {
  return [
    'DefaultEndpointsProtocol=http',
    'AccountName=devstoreaccount1',
    `AccountKey=${AZURITE_KEY}`,
    `BlobEndpoint=http://${host}:${ports.blob}/devstoreaccount1`,
    `QueueEndpoint=http://${host}:${ports.queue}/devstoreaccount1`,
    `TableEndpoint=http://${host}:${ports.table}/devstoreaccount1`,
  ].join(';') + ';';
}

/** `location` persists data on disk (the local world); without it Azurite keeps everything in memory (tests). */
export async function startAzurite(opts: { blobPort?: number; queuePort?: number; tablePort?: number; location?: string; timeoutMs?: number } = {}): Promise<Azurite> {
  const ports = {
    blob: opts.blobPort ?? (await freePort()),
    queue: opts.queuePort ?? (await freePort()),
    table: opts.tablePort ?? (await freePort()),
  };
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const args = [bin, '--silent', '--disableTelemetry', '--skipApiVersionCheck', '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1',
    '--blobPort', String(ports.blob), '--queuePort', String(ports.queue), '--tablePort', String(ports.table)];
  let cwd: string;
  if (opts.location) {
    mkdirSync(opts.location, { recursive: true });
    args.push('--location', opts.location);
    cwd = opts.location;
  } else {
    args.push('--inMemoryPersistence');
    cwd = os.tmpdir();
  }
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within ${opts.timeoutMs ?? 20000} ms: ${out.slice(-500)}`)), opts.timeoutMs ?? 20000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (/Table service is successfully listening/.test(out) && /Queue service is successfully listening/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}: ${out.slice(-500)}`));
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    connectionString: azuriteConnectionString(ports),
    ports,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
