// The local world as `npm start` runs it, on free ports: every child comes up, mail sent over SMTP
// lands in the mock mailbox's Inbox (read back through the Graph API), the host survives a crash
// restart, and stopping leaves no process behind.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../../dev/world.js';
import { freePort } from '../../dev/support/ports.js';

const MAILBOX = 'support@studyflash.test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose parent is this test worker, without the `ps` itself. */
function childrenOfThisProcess(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').map((l) => l.trim()).filter((l) => l && !/\bps$/.test(l));
}

/** Children of this worker that were not there before (another test file may have left its own). */
function newChildren(before: string[]): string[] {
  return childrenOfThisProcess().filter((c) => !before.includes(c));
}

async function graphGet<T>(world: World, pathAndQuery: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${world.urls.graph}${pathAndQuery}`, { headers: { authorization: 'Bearer world-test' } });
  return { status: res.status, body: (await res.json()) as T };
}

describe('the local world', () => {
  let world: World;
  let pids: { name: string; pid: number }[] = [];
  let before: string[] = [];

  beforeAll(async () => {
    before = childrenOfThisProcess();
    world = await startWorld({ quiet: true });
    pids = world.processes();
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('starts Azurite, the mock Graph, the enrichment stand-ins, the Functions host, the Playground and the local Outlook host as child processes', () => {
    expect(pids.map((p) => p.name).sort()).toEqual(['azurite', 'enrichment', 'graph', 'host', 'outlook', 'playground']);
    expect(world.urls.pane).toBe(`http://localhost:${world.ports.functions}/api/pane`);
    expect(world.urls.outlook).toBe(`http://localhost:${world.ports.outlook}/`);
    expect(world.urls.functions).toBe(`http://localhost:${world.ports.functions}/api`);
    expect(world.env.GRAPH_BASE_URL).toBe(`https://localhost:${world.ports.graph}/v1.0`);
    expect(world.env.NOTIFICATION_URL).toBe(`http://localhost:${world.ports.functions}/api/notifications`);
    expect(world.env.ACCOUNTS_DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
  });

  it('answers GET /api/health', async () => {
    const res = await fetch(`${world.urls.functions}/health`);
    expect(res.status).toBe(200);
  });

  it('delivers a mail sent over SMTP into the mailbox Inbox, readable through the Graph API', async () => {
    const messageId = `<world-test-${Date.now()}@example.ch>`;
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: world.ports.smtp, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'Jana Muster <jana.muster@example.ch>', to: MAILBOX, subject: 'Quiz lädt nicht', text: 'Seit heute lädt der Quiz-Modus nicht mehr.', messageId });
    transport.close();
    type List = { value: { subject: string; internetMessageId: string }[] };
    let found: List['value'][number] | undefined;
    for (let i = 0; i < 100 && !found; i++) {
      const { status, body } = await graphGet<List>(world, `/users/${MAILBOX}/mailFolders/inbox/messages?$select=subject,internetMessageId&$top=50`);
      expect(status).toBe(200);
      found = body.value.find((m) => m.internetMessageId === messageId);
      if (!found) await sleep(100);
    }
    expect(found?.subject).toBe('Quiz lädt nicht');
    const view = await fetch(world.urls.graphView);
    expect(view.status).toBe(200);
  });

  it('has the Functions host subscribed to the Inbox, Sent Items and Drafts through the mock Graph, with the handshake to its own endpoint', async () => {
    type Subs = { value: { notificationUrl: string; resource: string }[] };
    const folders = ['Inbox', 'SentItems', 'Drafts'];
    const watched = (subs: Subs['value']) => folders.map((f) => subs.filter((s) => s.resource.includes(`('${f}')`)).length);
    let subs: Subs['value'] = [];
    // The first reconcile creates them one after another: wait until each folder has its subscription.
    for (let i = 0; i < 150 && watched(subs).includes(0); i++) {
      const { body } = await graphGet<Subs>(world, '/subscriptions');
      subs = (body.value ?? []).filter((s) => s.notificationUrl === world.env.NOTIFICATION_URL);
      if (watched(subs).includes(0)) await sleep(200);
    }
    expect(watched(subs)).toEqual([1, 1, 1]);
    expect(subs).toHaveLength(3);
  });

  it('refuses Graph calls without a bearer token, as Graph does', async () => {
    const res = await fetch(`${world.urls.graph}/users/${MAILBOX}/messages`);
    expect(res.status).toBe(401);
  });

  it('gives the Playground the roster as its users and the support channel the cards go to', async () => {
    const res = await fetch(`${world.urls.playground}/_internal/v1/testConfig`);
    const { config } = (await res.json()) as { config: { currentUser: { aadObjectId: string }; users: { aadObjectId: string }[]; teams: { channels: { id: string }[] }[] } };
    const roster = JSON.parse(readFileSync('dev/roster.json', 'utf8')) as { members: { aadObjectId: string }[] };
    const seen = [config.currentUser, ...config.users].map((u) => u.aadObjectId);
    for (const m of roster.members) expect(seen).toContain(m.aadObjectId);
    expect(config.teams.flatMap((t) => t.channels).map((c) => c.id)).toContain(world.env.TEAMS_CHANNEL_ID);
  });

  it('brings the Functions host back on the same port after it is killed', async () => {
    const before = world.processes().find((p) => p.name === 'host')!.pid;
    await world.restartHost('SIGKILL');
    const after = world.processes().find((p) => p.name === 'host')!.pid;
    expect(after).not.toBe(before);
    expect(alive(before)).toBe(false);
    expect((await fetch(`${world.urls.functions}/health`)).status).toBe(200);
  });

  it('stops every child process', async () => {
    const running = world.processes();
    await world.stop();
    expect(running.filter((p) => alive(p.pid))).toEqual([]);
    expect(newChildren(before)).toEqual([]);
  });
});

describe('a world that cannot start', () => {
  it('names the failing child, shows its output, and leaves nothing running', async () => {
    const before = childrenOfThisProcess();
    const taken = net.createServer();
    const port = await freePort();
    await new Promise<void>((r) => taken.listen(port, '127.0.0.1', r));
    try {
      await expect(startWorld({ quiet: true, ports: { graph: port }, playground: false, enrichment: false })).rejects.toThrow(/graph: exited during start[\s\S]*last output of graph/);
      expect(newChildren(before)).toEqual([]);
    } finally {
      taken.close();
    }
  });
});
