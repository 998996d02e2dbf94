// The Playground config from the roster: the Playground itself must accept it (it exits on an
// invalid file), and its users must be the roster's people with their aadObjectIds.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { buildPlaygroundConfig, PLAYGROUND_OUTSIDER, readRosterFile, writePlaygroundConfig } from './config.js';

const require = createRequire(import.meta.url);
const CLI = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
const ROSTER = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../roster.json');

describe('Agents Playground config from dev/roster.json', () => {
  it('has exactly five users besides the current user (an agent), all roster members plus one outsider', async () => {
    const roster = await readRosterFile(ROSTER);
    const cfg = buildPlaygroundConfig(roster);
    expect(roster.find((m) => m.aadObjectId === cfg.currentUser.aadObjectId)?.role).toBe('agent');
    expect(cfg.users).toHaveLength(5);
    const everyone = [cfg.currentUser, ...cfg.users].map((u) => u.aadObjectId);
    for (const m of roster) expect(everyone).toContain(m.aadObjectId);
    expect(everyone).toContain(PLAYGROUND_OUTSIDER.aadObjectId);
    expect(new Set([cfg.currentUser, ...cfg.users].map((u) => u.id)).size).toBe(6);
    expect(cfg.team.channels.length).toBeLessThanOrEqual(1);
    expect(cfg.bot.name.length).toBeLessThanOrEqual(42);
  });

  it('the Playground starts with the written file and serves the roster\'s users', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'playground-config-'));
    const port = await freePort();
    const roster = await readRosterFile(ROSTER);
    await writePlaygroundConfig(roster, dir);
    const child = spawn(process.execPath, [CLI, '--disable-telemetry', '-p', String(port), '-e', 'http://127.0.0.1:9/api/messages', '-c', 'msteams'], { cwd: dir, stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' } });
    try {
      let served: { config: { currentUser: { aadObjectId: string }; users: { aadObjectId: string; name: string }[] } } | null = null;
      for (let i = 0; i < 60 && !served && child.exitCode === null; i++) {
        await new Promise((r) => setTimeout(r, 500));
        served = await fetch(`http://127.0.0.1:${port}/_internal/v1/testConfig`).then((r) => (r.ok ? r.json() : null)).catch(() => null);
      }
      expect(child.exitCode, 'the Playground exited: it rejected the config').toBeNull();
      expect(served?.config.users.map((u) => u.name)).toEqual(buildPlaygroundConfig(roster).users.map((u) => u.name));
    } finally {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
