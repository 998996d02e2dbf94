// The running world publishes its wiring — the settings the Functions host got, plus the SMTP
// intake — as `<data dir>/env` (KEY=value lines, readable only by this user: the values are the
// local world's own stand-in secrets). CLIs started in another terminal load it when nothing else is
// configured (shared/cli/world-env.ts). It exists only while the world runs.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const WORLD_ENV_FILE = 'env';

export function worldEnvPath(dataDir: string): string {
  return path.join(dataDir, WORLD_ENV_FILE);
}

/** One KEY=value per line; values never contain a newline here, and a line is split at its first '='. */
export function formatWorldEnv(env: Record<string, string>, header: string): string {
  const lines = Object.entries(env)
    .filter(([k, v]) => /^[A-Z][A-Z0-9_]*$/.test(k) && !/[\r\n]/.test(v))
    .map(([k, v]) => `${k}=${v}`);
  return `# ${header}\n${lines.join('\n')}\n`;
}

export function publishWorldEnv(dataDir: string, env: Record<string, string>): string {
  const file = worldEnvPath(dataDir);
  writeFileSync(file, formatWorldEnv(env, `written by npm start (pid ${process.pid}) at ${new Date().toISOString()}; removed when it stops`), { mode: 0o600 });
  return file;
}

export function withdrawWorldEnv(dataDir: string): void {
  rmSync(worldEnvPath(dataDir), { force: true });
}
