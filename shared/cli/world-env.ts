// CLIs against the running local world with no exports: when none of the app's settings is set in
// the environment, a CLI loads the wiring `npm start` publishes in `.world/env` (WORLD_DATA_DIR
// moves it) and says so in its first line (on stderr, so --json output stays one object). The mock
// Graph's certificate must be trusted through NODE_EXTRA_CA_CERTS, which Node reads only at start,
// so the CLI then runs itself again once with the world's settings.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV_VARS } from '../config.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Set in the re-run child: the world's file it runs with. */
const LOADED = 'WORLD_ENV_LOADED';
/** Settings that say nothing about where the app's services are. */
const NEUTRAL = new Set(['APP_ENV', 'LOG_LEVEL']);

export function parseWorldEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** The setting that shows the caller configured the app themselves, if any. */
export function configuredSetting(env: Record<string, string | undefined>, own: readonly string[] = []): string | null {
  const names = [...ENV_VARS.map((v) => v.env).filter((n) => !NEUTRAL.has(n)), ...own];
  return names.find((n) => env[n] !== undefined && env[n] !== '') ?? null;
}

export function worldEnvFile(env: Record<string, string | undefined>, root = REPO_ROOT): string {
  return path.join(env.WORLD_DATA_DIR || path.join(root, '.world'), 'env');
}

export type WorldEnvChoice =
  | { use: false; why: 'configured'; setting: string }
  | { use: false; why: 'no-world'; file: string }
  | { use: true; file: string; values: Record<string, string> };

/** Whether a CLI with this environment should take the running world's settings. */
export function chooseWorldEnv(env: Record<string, string | undefined>, root = REPO_ROOT, own: readonly string[] = []): WorldEnvChoice {
  const setting = configuredSetting(env, own);
  if (setting) return { use: false, why: 'configured', setting };
  const file = worldEnvFile(env, root);
  if (!existsSync(file)) return { use: false, why: 'no-world', file };
  return { use: true, file, values: parseWorldEnv(readFileSync(file, 'utf8')) };
}

/**
 * Call first in a CLI's entry point. Resolves null to go on in this process (nothing to load, or
 * loaded into process.env), or the exit code of the run with the world's settings.
 */
export async function useLocalWorld(
  cli: string,
  opts: { own?: readonly string[]; err?: (line: string) => void } = {},
): Promise<number | null> {
  const err = opts.err ?? ((l: string) => void process.stderr.write(`${l}\n`));
  if (process.env[LOADED]) return null;
  const choice = chooseWorldEnv(process.env, REPO_ROOT, opts.own);
  if (!choice.use) return null;
  err(`${cli}: using the running local world's settings from ${displayPath(choice.file)} (any app setting in the environment turns this off)`);
  const env: Record<string, string> = { ...choice.values, ...stripEmpty(process.env), [LOADED]: choice.file };
  // The world's certificate must be trusted; a CA bundle the shell already names stays trusted too.
  const worldCa = choice.values.NODE_EXTRA_CA_CERTS;
  if (worldCa) env.NODE_EXTRA_CA_CERTS = trustBoth(worldCa, process.env.NODE_EXTRA_CA_CERTS);
  if ((choice.values.NODE_EXTRA_CA_CERTS ?? '') === (process.env.NODE_EXTRA_CA_CERTS ?? '')) {
    Object.assign(process.env, env);
    return null;
  }
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: 'inherit' });
  return new Promise((resolve) => {
    child.once('error', (e) => {
      err(`${cli}: could not run with the local world's settings: ${e.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + 2 : 1)));
  });
}

/** NODE_EXTRA_CA_CERTS names one file: the world's certificate, plus the shell's own bundle when it has one. */
export function trustBoth(worldCa: string, ownCa: string | undefined): string {
  if (!ownCa || ownCa === worldCa || !existsSync(ownCa) || !existsSync(worldCa)) return worldCa;
  const combined = path.join(path.dirname(worldCa), 'with-system-ca.pem');
  writeFileSync(combined, `${readFileSync(worldCa, 'utf8').trimEnd()}\n${readFileSync(ownCa, 'utf8')}`);
  return combined;
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}
