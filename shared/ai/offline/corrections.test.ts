import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCorrections } from '../../cli/corrections.js';
import { AppError } from '../../errors.js';
import { playStory, wrappedStore, type TicketStory } from '../../stats/testing.js';
import { FakeMailbox } from '../../testing/fake-mailbox.js';
import { labelledFromTickets } from './corrections.js';
import { correctionFixtures, readJsonlSet } from './training.js';

const AGENT = { aadObjectId: 'agent-a', name: 'Anna' };

const STORIES: TicketStory[] = [
  // auto-routed and answered as routed: no correction
  { id: 'T1', receivedAt: '2026-11-30T07:00:00Z', category: 'bug-report', language: 'de', routedTo: AGENT, reply: { via: 'card', by: AGENT, at: '2026-11-30T08:00:00Z', draftUse: 'unchanged' } },
  // routed as a bug, corrected to a refund request on the card
  { id: 'T2', receivedAt: '2026-11-30T09:00:00Z', category: 'bug-report', language: 'fr', routedTo: AGENT, recategorize: { to: 'refund-request', by: AGENT, at: '2026-11-30T09:30:00Z' } },
  // corrected, but the message was deleted from the mailbox since
  { id: 'T3', receivedAt: '2026-11-30T10:00:00Z', category: 'other', language: 'en', routedTo: AGENT, recategorize: { to: 'product-question', by: AGENT, at: '2026-11-30T10:30:00Z' } },
  // needs triage, answered from Outlook with the category it had
  { id: 'T4', receivedAt: '2026-12-01T07:00:00Z', category: 'product-question', language: 'it', reply: { via: 'outlook', by: AGENT, at: '2026-12-01T09:00:00Z', draftUse: 'none' } },
  // corrected, created before --since in the filter test
  { id: 'T0', receivedAt: '2026-11-20T07:00:00Z', category: 'product-question', language: 'nl', routedTo: AGENT, recategorize: { to: 'other', by: AGENT, at: '2026-11-20T07:30:00Z' } },
];

async function world() {
  const { store } = wrappedStore();
  const mailbox = new FakeMailbox();
  for (const s of STORIES) {
    await playStory(store, s);
    if (s.id !== 'T3') mailbox.deliver({ messageId: `msg-${s.id}`, from: { name: `Kunde ${s.id}`, address: `${s.id.toLowerCase()}@customer.test` }, subject: `Betreff ${s.id}`, text: `Text of ${s.id}\n\n> quoted history` });
  }
  return { store, mailbox };
}

describe('the team\'s corrections as a labelled set', () => {
  it('exports every ticket whose category a person changed, with the category they chose and the first message', async () => {
    const { store, mailbox } = await world();
    const r = await labelledFromTickets(store, mailbox);
    expect(r.rows.map((x) => [x.id, x.category, x.language])).toEqual([
      ['corr-T0', 'other', 'nl'],
      ['corr-T2', 'refund-request', 'fr'],
    ]);
    expect(r.rows[1]).toEqual({ id: 'corr-T2', language: 'fr', category: 'refund-request', from: 'Kunde T2', subject: 'Betreff T2', text: 'Text of T2\n\n> quoted history', note: 'corrected bug-report → refund-request (card)' });
    expect(r.corrected).toBe(2);
    expect(r.skipped).toEqual([{ ticketId: 'T3', reason: 'the message is no longer in the mailbox' }]);
    // the sender's name only: no address anywhere in the export
    expect(JSON.stringify(r.rows)).not.toMatch(/@customer\.test/);
  });

  it('adds tickets a person answered without changing the category only when asked, and honours --since', async () => {
    const { store, mailbox } = await world();
    const r = await labelledFromTickets(store, mailbox, { answered: true, since: '2026-11-30T00:00:00Z' });
    expect(r.rows.map((x) => [x.id, x.category, x.note])).toEqual([
      ['corr-T1', 'bug-report', 'answered as bug-report (card)'],
      ['corr-T2', 'refund-request', 'corrected bug-report → refund-request (card)'],
      ['corr-T4', 'product-question', 'answered as product-question (outlook)'],
    ]);
    expect([r.corrected, r.answered]).toEqual([1, 2]);
  });

  it('fails on a mailbox error other than a missing message instead of exporting part of the labels', async () => {
    const { store, mailbox } = await world();
    const throttled = { getMessage: async () => Promise.reject(new AppError('throttled', 'graph: 429 ApplicationThrottled', { service: 'graph', status: 429 })) };
    await expect(labelledFromTickets(store, throttled)).rejects.toThrow(/429/);
    expect((await labelledFromTickets(store, mailbox)).rows.length).toBe(2);
  });
});

describe('npm run corrections', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it('writes a set that training reads like any other, and says what it skipped', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corrections-'));
    const file = path.join(dir, 'corrections-2026-12.jsonl');
    const { store, mailbox } = await world();
    const o = io();
    expect(await runCorrections(['--out', file], { store: () => store, mailbox: () => mailbox, io: o.io })).toBe(0);
    expect(o.out[0]).toBe(`corrections: wrote 2 labelled mails to ${file} (2 corrected)`);
    expect(o.err).toEqual(['corrections: skipped ticket T3: the message is no longer in the mailbox']);
    const set = await readJsonlSet(file);
    expect(set.map((m) => [m.id, m.category, m.mail.subject])).toEqual([
      ['corr-T0', 'other', 'Betreff T0'],
      ['corr-T2', 'refund-request', 'Betreff T2'],
    ]);
    expect(set[0]!.thread).toBe('corrections-2026-12:corr-T0');
    // training finds files by that name in its fixtures folder, and only those
    await writeFile(path.join(dir, 'notes.jsonl'), '');
    expect(correctionFixtures(dir)).toEqual([file]);
  });

  it('exits 2 on usage errors and 1 when the mailbox cannot be read, without mail text in the message', async () => {
    const { store, mailbox } = await world();
    for (const argv of [[], ['--out'], ['--out', 'x.json'], ['--out', 'x.jsonl', '--since', 'yesterday'], ['--out', 'x.jsonl', '--all']]) {
      const o = io();
      expect(await runCorrections(argv, { store: () => store, mailbox: () => mailbox, io: o.io }), argv.join(' ')).toBe(2);
      expect(o.err.join('\n')).toMatch(/^corrections: /);
    }
    dir = await mkdtemp(path.join(tmpdir(), 'corrections-'));
    const o = io();
    const failing = { getMessage: async () => Promise.reject(new AppError('unavailable', 'graph: 503 ServiceUnavailable', { service: 'graph', status: 503 })) };
    expect(await runCorrections(['--out', path.join(dir, 'c.jsonl')], { store: () => store, mailbox: () => failing, io: o.io })).toBe(1);
    expect(o.err).toEqual(['corrections: could not read the tickets or the mailbox: graph: 503 ServiceUnavailable']);
    await expect(readFile(path.join(dir, 'c.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
