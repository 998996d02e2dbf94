// The CLI the world launcher spawns: env-configured ports, one `ready` line with the URL, clean stop.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('mock Graph CLI', () => {
  it('starts on the ports from env, prints its URL and ready, and stops on SIGTERM', async () => {
    const [port, smtpPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', 'dev/graph/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, MOCK_GRAPH_PORT: String(port), SMTP_PORT: String(smtpPort), MOCK_GRAPH_LIMITS: 'concurrency=2,budget=50,windowMs=1000', MOCK_GRAPH_FAULTS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const l = out.split('\n').find((x) => x.includes('ready'));
          if (l) resolve(l);
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      expect(line).toContain(`https://localhost:${port}/v1.0`);
      expect(line).toContain(`smtp ${smtpPort}`);
      const limits = (await (await fetch(`https://localhost:${port}/_mock/limits`)).json()) as { concurrency: number };
      expect(limits.concurrency).toBe(2);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    }
  });
});
