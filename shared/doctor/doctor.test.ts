// npm run doctor against the local world (everything configured: all ok) and against wrong
// credentials, closed ports and hanging hosts (the right check fails, with a reason and a fix, and
// the exit code turns non-zero when the check is required).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeAnthropic, type FakeAnthropic } from '../../dev/fake-anthropic/server.js';
import { countCachedPrefix } from '../ai/cache.js';
import { promptCache, promptCacheOutcome } from './services.js';
import { freePort } from '../../dev/support/ports.js';
import { startWorld, type World } from '../../dev/world.js';
import { main } from '../cli/doctor.js';
import { loadConfig } from '../config.js';
import { createGraphAdapters } from '../graph/index.js';
import { exitCodeOf, formatTable, runDoctor, type CheckResult } from './index.js';

let world: World;

function byName(results: CheckResult[], name: string): CheckResult {
  const r = results.find((x) => x.name === name);
  if (!r) throw new Error(`no check named ${name}`);
  return r;
}

async function doctor(overrides: Record<string, string> = {}, timeoutMs = 8_000): Promise<CheckResult[]> {
  return runDoctor(loadConfig({ ...world.env, ...overrides }), { timeoutMs });
}

/** The world's reconcile timer creates the Inbox subscription shortly after start. */
async function waitForSubscription(): Promise<void> {
  const { subscriptions } = createGraphAdapters(loadConfig(world.env));
  const until = Date.now() + 60_000;
  while ((await subscriptions.list()).length === 0) {
    if (Date.now() > until) throw new Error('the local host created no subscription within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  world = await startWorld({ playground: false, fakeAnthropic: true, quiet: true });
  await waitForSubscription();
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

describe('doctor against the local world', () => {
  it('reports every configured integration ok and exits 0', async () => {
    const results = await runDoctor(loadConfig(world.env), { timeoutMs: 8_000, fix: true, probeMailbox: 'someone-else@studyflash.test' });
    const notOk = results.filter((r) => r.status === 'failing');
    expect(notOk, formatTable(notOk)).toEqual([]);
    expect(exitCodeOf(results)).toBe(0);
    // Configured in the world, so really checked (not skipped).
    for (const name of ['graph token', 'mailbox', 'mailbox scope', 'master categories', 'subscription', 'notification url', 'storage', 'teams channel', 'anthropic', 'sentry', 'posthog', 'accounts db', 'outlook pane']) {
      expect(byName(results, name).status, name).toBe('ok');
    }
    // Bot auth is off locally; no DSN for the app's own errors.
    expect(byName(results, 'bot credentials').status).toBe('skipped');
    expect(byName(results, 'sentry dsn').status).toBe('skipped');
  });

  it('the CLI prints the table and exits 0', async () => {
    const out: string[] = [];
    const code = await main([], { ...world.env }, (s) => out.push(s), (s) => out.push(s));
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/mailbox \*\s+\| ok/);
    expect(out.join('\n')).toContain('all required checks ok');
  });
});

describe('doctor with wrong settings', () => {
  it('Graph on a closed port: the mailbox check fails as unreachable and the exit code is 1', async () => {
    const port = await freePort();
    const results = await doctor({ GRAPH_BASE_URL: `https://localhost:${port}/v1.0` });
    const mailbox = byName(results, 'mailbox');
    expect(mailbox.status).toBe('failing');
    expect(mailbox.detail).toMatch(/unreachable|fetch failed|ECONNREFUSED/i);
    expect(mailbox.fix).toMatch(/GRAPH_BASE_URL/);
    expect(exitCodeOf(results)).toBe(1);
  });

  it('Entra on a closed port: the Graph token fails and the checks that need it say so', async () => {
    const port = await freePort();
    const results = await doctor({ GRAPH_AUTHORITY_HOST: `https://localhost:${port}` });
    expect(byName(results, 'graph token').status).toBe('failing');
    expect(byName(results, 'mailbox').detail).toBe('not checked: the Graph token failed');
    expect(byName(results, 'storage').status).toBe('ok');
    expect(exitCodeOf(results)).toBe(1);
  });

  it('an accounts URL pointing at a server that is not Postgres fails without printing the password', async () => {
    // The local Postgres (PGlite) accepts any password, so "wrong" here is the wrong server.
    const fn = new URL(world.env.FUNCTIONS_BASE_URL!);
    const results = await doctor({ ACCOUNTS_DATABASE_URL: `postgres://reader:definitely-wrong-password@127.0.0.1:${fn.port}/accounts` }, 3_000);
    const db = byName(results, 'accounts db');
    expect(db.status).toBe('failing');
    expect(db.required).toBe(true);
    expect(JSON.stringify(db)).not.toContain('definitely-wrong-password');
    expect(exitCodeOf(results)).toBe(1);
  });

  it('an accounts database on a closed port fails within the timeout', async () => {
    const port = await freePort();
    const results = await doctor({ ACCOUNTS_DATABASE_URL: `postgres://reader:secret-pw@127.0.0.1:${port}/accounts` }, 3_000);
    const db = byName(results, 'accounts db');
    expect(db.status).toBe('failing');
    expect(db.detail).toContain(`127.0.0.1:${port}/accounts`);
    expect(db.detail).not.toContain('secret-pw');
  });

  describe('Claude with a wrong key', () => {
    let fake: FakeAnthropic;
    beforeAll(async () => {
      fake = await startFakeAnthropic({ port: 0, apiKey: 'the-right-key' });
    });
    afterAll(async () => {
      await fake.close();
    });

    it('fails the anthropic check with the key as the fix and exits 1', async () => {
      const results = await doctor({ ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'a-wrong-key' });
      const a = byName(results, 'anthropic');
      expect(a.status).toBe('failing');
      expect(a.fix).toMatch(/ANTHROPIC_API_KEY/);
      expect(JSON.stringify(a)).not.toContain('a-wrong-key');
      expect(exitCodeOf(results)).toBe(1);
    });

    it('passes with the right key', async () => {
      const results = await doctor({ ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'the-right-key' });
      expect(byName(results, 'anthropic').status).toBe('ok');
    });

    it('counts the cached prefix with the token-counting endpoint and reports the margin over the model\'s minimum', async () => {
      const results = await doctor({ ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'the-right-key', ANTHROPIC_MODEL: 'claude-haiku-4-5' });
      const c = byName(results, 'prompt cache');
      expect(c.status).toBe('ok');
      expect(c.detail).toMatch(/cached prefix \(tool \+ system prompt\) is \d+ tokens; claude-haiku-4-5 caches from 4096 \(\d+ % margin\)/);
      expect(fake.requests.some((r) => r.path === '/v1/messages/count_tokens')).toBe(true);
    });

    it('warns, without failing the run, when the prefix is too short for caching to engage', async () => {
      const client = new Anthropic({ apiKey: 'the-right-key', baseURL: fake.url, maxRetries: 0, logLevel: 'off' });
      const count = await countCachedPrefix(client, 'claude-haiku-4-5', { system: 'Short rules.' });
      expect(count.engages).toBe(false);
      const outcome = promptCacheOutcome('claude-haiku-4-5', count);
      expect(outcome.status).toBe('failing');
      expect(outcome.detail).toMatch(/^WARNING: .*caching cannot engage/);
      expect(promptCache.required({} as never)).toBe(false);
    });
  });

  it('storage on a closed port fails the storage check and exits 1', async () => {
    const port = await freePort();
    const conn = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;QueueEndpoint=http://127.0.0.1:${port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
    const results = await doctor({ STORAGE_CONNECTION: conn }, 3_000);
    const s = byName(results, 'storage');
    expect(s.status).toBe('failing');
    expect(JSON.stringify(s)).not.toContain('Eby8vdM02');
    expect(exitCodeOf(results)).toBe(1);
  });

  it('the bot credentials fail when Entra is unreachable, and are then required', async () => {
    const port = await freePort();
    const results = await doctor({ BOT_APP_ID: '22222222-2222-2222-2222-222222222222', BOT_APP_PASSWORD: 'bot-secret', GRAPH_AUTHORITY_HOST: `https://localhost:${port}` }, 4_000);
    const bot = byName(results, 'bot credentials');
    expect(bot.status).toBe('failing');
    expect(bot.required).toBe(true);
  });

  it('a notification URL that never answers fails after the per-check timeout', async () => {
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const port = (hanging.address() as AddressInfo).port;
      const results = await doctor({ NOTIFICATION_URL: `http://127.0.0.1:${port}/api/notifications` }, 500);
      const n = byName(results, 'notification url');
      expect(n.status).toBe('failing');
      expect(n.detail).toMatch(/no answer within 500 ms|timed out/);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((r) => hanging.close(() => r()));
    }
  });

  it('a notification URL that does not echo the validation token fails with the contract as the fix', async () => {
    const results = await doctor({ NOTIFICATION_URL: `${world.env.FUNCTIONS_BASE_URL}/health` });
    const n = byName(results, 'notification url');
    expect(n.status).toBe('failing');
    expect(n.fix).toMatch(/validationToken/);
  });
});

describe('doctor in production mode', () => {
  it('fails the Teams channel check until the app is installed in a team', async () => {
    const { teamsChannel } = await import('./services.js');
    const config = { ...loadConfig(world.env), appEnv: 'production' as const, botAppId: '22222222-2222-2222-2222-222222222222' };
    const [result] = await runDoctor(config, { timeoutMs: 5_000 }, [teamsChannel]);
    expect(result).toMatchObject({ name: 'teams channel', status: 'failing', required: true });
    expect(result!.fix).toMatch(/appPackage\.zip/);
  });
});

describe('doctor against a Graph that lets the app read too much', () => {
  it('reports the mailbox scope failing when the directory and another mailbox are readable', async () => {
    // Answers 200 to everything, like Graph for an app with tenant-wide grants.
    const permissive = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'inbox', totalItemCount: 3, value: [{ id: 'user-1' }] }));
    });
    await new Promise<void>((r) => permissive.listen(0, '127.0.0.1', r));
    try {
      const port = (permissive.address() as AddressInfo).port;
      const config = loadConfig({ ...world.env, GRAPH_BASE_URL: `http://127.0.0.1:${port}/v1.0`, GRAPH_STATIC_TOKEN: 'local-token' });
      const results = await runDoctor(config, { timeoutMs: 3_000, probeMailbox: 'ceo@studyflash.test' });
      expect(byName(results, 'mailbox').status).toBe('ok');
      const scope = byName(results, 'mailbox scope');
      expect(scope.status).toBe('failing');
      expect(scope.detail).toMatch(/directory/);
      expect(scope.fix).toMatch(/User\.Read\.All|Directory/);
    } finally {
      permissive.closeAllConnections();
      await new Promise<void>((r) => permissive.close(() => r()));
    }
  });
});

describe('doctor CLI', () => {
  it('an invalid configuration lists every problem and exits 1 without checking anything', async () => {
    const err: string[] = [];
    const out: string[] = [];
    const code = await main(['--json'], { SUPPORT_MAILBOX: 'not-an-email', CONFIDENCE_THRESHOLD: '7' }, (s) => out.push(s), (s) => err.push(s));
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(/SUPPORT_MAILBOX/);
    expect(err.join('\n')).toMatch(/CONFIDENCE_THRESHOLD/);
  });

  it('an unknown flag prints the usage and exits 2', async () => {
    const err: string[] = [];
    const code = await main(['--nope'], {}, () => undefined, (s) => err.push(s));
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('usage: npm run doctor');
  });
});

describe('doctor and the bot agree on where the channel is stored', () => {
  it('reads the state keys the bot writes', async () => {
    const { STATE } = await import('../../bot/ticket-cards.js');
    const { TEAMS_CHANNEL_STATE_KEY, TEAMS_TEAM_STATE_KEY } = await import('./services.js');
    expect(TEAMS_CHANNEL_STATE_KEY).toBe(STATE.channel);
    expect(TEAMS_TEAM_STATE_KEY).toBe(STATE.team);
  });
});
