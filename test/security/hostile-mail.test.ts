// Every hostile or malformed mail of the corpus (test/fixtures/hostile: 42 committed + 6 generated
// big ones) goes the production way: raw MIME into the mock Graph's Inbox (the SMTP intake's
// parser), then processTicket with the real Graph adapters and the offline analyzer. Each must end
// as cases.jsonl says — a ticket, a ticket flagged needs-triage, or a skip recorded with its reason —
// never a crash, never a lost mail, never mail text in the logs.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTicketCard } from '../../bot/cards.js';
import type { Ticket } from '../../shared/domain.js';
import type { RosterMember } from '../../shared/ports.js';
import { allHostileMails, type HostileMail } from '../fixtures/hostile/generate.js';
import { cardProblems, cardText } from './card-safety.js';
import { startPipelineWorld, type PipelineWorld } from './harness.js';

interface Result {
  mail: HostileMail;
  /** Graph id of the Inbox message; undefined when intake refused the mail. */
  id?: string;
  intakeError?: string;
  outcome?: string;
  reason?: string;
  error?: string;
  ticket?: Ticket | null;
}

/** The error and its causes in one line (undici hides the reason in `cause`). */
function describe_(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; e && i < 4; i++) {
    parts.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    e = e instanceof Error ? (e as Error & { opts?: { cause?: unknown } }).opts?.cause ?? e.cause : undefined;
  }
  return parts.join(' <- ');
}

let world: PipelineWorld;
let tmp = '';
const results: Result[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'hostile-sec-'));
  world = await startPipelineWorld();
  const mails = await allHostileMails(tmp);
  for (const mail of mails) {
    const r: Result = { mail };
    results.push(r);
    const raw = await readFile(mail.path);
    try {
      r.id = (await world.graph.deliver(raw)).id;
    } catch (err) {
      // Exchange refuses such mail at the door (SMTP 5xx): it never reaches the mailbox.
      r.intakeError = err instanceof Error ? err.message : String(err);
      continue;
    }
    try {
      const outcome = await world.process(r.id);
      r.outcome = outcome.outcome;
      if (outcome.outcome === 'skipped') r.reason = outcome.reason;
    } catch (err) {
      r.error = describe_(err);
    }
    r.ticket = await world.store.findByMessage(r.id);
  }
}, 600_000);

afterAll(async () => {
  await world?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('hostile mail through the production pipeline', () => {
  it('runs all 48 cases of the corpus', () => {
    expect(results.length).toBe(48);
  });

  it('never crashes: every mail the mailbox accepted is processed without an error', () => {
    const crashed = results.filter((r) => r.error).map((r) => `${r.mail.file}: ${r.error}`);
    expect(crashed).toEqual([]);
  });

  it('loses no mail: every accepted mail has a ticket or a final message record with a reason', async () => {
    const lost: string[] = [];
    for (const r of results) {
      if (!r.id) continue;
      const record = await world.store.getMessageRecord(r.id);
      const ticket = await world.store.findByMessage(r.id);
      const final = record && (record.outcome === 'ticket' || record.outcome === 'follow-up' || (record.outcome === 'skipped' && !!record.reason));
      if (!final || (record.outcome !== 'skipped' && !ticket)) lost.push(`${r.mail.file}: record ${JSON.stringify(record)} ticket ${ticket?.id ?? 'none'}`);
    }
    expect(lost).toEqual([]);
  });

  it('refuses at intake only what cases.jsonl says Exchange would refuse', () => {
    const refused = results.filter((r) => r.intakeError).map((r) => r.mail.file);
    const expected = results.filter((r) => r.mail.mailparser === 'rejects').map((r) => r.mail.file);
    expect(refused).toEqual(expected);
    for (const r of results.filter((x) => x.intakeError)) expect(r.mail.expect, r.mail.file).toBe('skip');
  });

  it('ends each case as cases.jsonl expects: ticket, ticket flagged needs-triage, or a recorded skip', () => {
    const wrong: string[] = [];
    for (const r of results) {
      if (r.intakeError || r.error) continue;
      const t = r.ticket;
      switch (r.mail.expect) {
        case 'skip':
          if (r.outcome !== 'skipped' || !r.reason) wrong.push(`${r.mail.file}: expected a recorded skip, got ${r.outcome}${t ? ` (ticket ${t.category}${t.needsTriage ? ', needs-triage' : ''})` : ''}`);
          break;
        case 'ticket-needs-triage':
          if (!t) wrong.push(`${r.mail.file}: expected a needs-triage ticket, got ${r.outcome} ${r.reason ?? ''}`);
          else if (!t.needsTriage) wrong.push(`${r.mail.file}: expected needs-triage, got a confident ${t.category} (${t.confidence.toFixed(2)}) assigned to ${t.assignee?.name ?? 'nobody'}`);
          break;
        case 'ticket':
          if (!t) wrong.push(`${r.mail.file}: expected a ticket, got ${r.outcome} ${r.reason ?? ''}`);
          // A confident ticket is routed on its category: that category must be the sender's real request.
          else if (!t.needsTriage && r.mail.category && t.category !== r.mail.category) wrong.push(`${r.mail.file}: confidently routed as ${t.category}, the request is ${r.mail.category}`);
          break;
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps a reused Message-ID from merging two unrelated mails into one ticket', () => {
    const a = results.find((r) => r.mail.file === 'duplicate-message-id-a.eml')?.ticket;
    const b = results.find((r) => r.mail.file === 'duplicate-message-id-b.eml')?.ticket;
    expect(a).toBeTruthy();
    expect(b).toBeTruthy();
    expect(a!.id).not.toBe(b!.id);
  });

  it('writes one reply draft per ticket, to the sender only (never reply-all to thousands)', () => {
    const drafts = world.graph.messages('drafts');
    const tickets = results.map((r) => r.ticket).filter((t): t is Ticket => !!t && !!t.draft.trim());
    for (const t of tickets) expect(drafts.filter((d) => d.id === t.draftMessageId), t.subject).toHaveLength(1);
    const many = results.find((r) => r.mail.file === 'thousands-of-recipients.eml')?.ticket;
    const draft = drafts.find((d) => d.id === many?.draftMessageId);
    if (draft) {
      const rcpt = [...((draft.toRecipients as unknown[]) ?? []), ...((draft.ccRecipients as unknown[]) ?? [])];
      expect(rcpt.length).toBeLessThanOrEqual(1);
    }
    expect(world.graph.messages('sentitems')).toHaveLength(0);
    expect(world.graph.outbound()).toHaveLength(0);
  });

  it('never lets markup, links, template expressions or actions from a mail into its card, for any viewer', async () => {
    const roster: RosterMember[] = await world.services.roster.members();
    const viewers: (RosterMember | null)[] = [null, ...roster];
    const problems: string[] = [];
    let rendered = 0;
    for (const r of results) {
      if (!r.ticket) continue;
      for (const viewer of viewers) {
        const card = renderTicketCard(r.ticket, { viewer, roster, userIds: {} });
        rendered++;
        for (const p of cardProblems(card, r.ticket)) problems.push(`${r.mail.file} (${viewer?.role ?? 'channel'} view): ${p}`);
      }
    }
    expect(rendered).toBeGreaterThan(30 * viewers.length);
    expect(problems).toEqual([]);
  });

  it('drops scripts, event handlers, styles, trackers and foreign links of HTML mail before the card', () => {
    const htmlCases = ['html-script-onerror.eml', 'html-css-tracking-pixels.eml', 'injection-nl-hidden-html.eml'];
    const forbidden = ['<script', 'onerror', 'onload', 'document.cookie', 'alert(', 'evil.example.net', 'tracker.example.net', 'javascript:', 'url('];
    const leaks: string[] = [];
    for (const file of htmlCases) {
      const t = results.find((r) => r.mail.file === file)?.ticket;
      expect(t, file).toBeTruthy();
      const text = cardText(renderTicketCard(t!, { viewer: null, roster: [], userIds: {} })).replace(/\u200B/g, '');
      for (const f of forbidden) if (text.toLowerCase().includes(f)) leaks.push(`${file}: ${f}`);
    }
    expect(leaks).toEqual([]);
  });

  it('never writes mail bodies into the logs', () => {
    // Distinctive sentences from mail bodies; subjects may appear in logs only at debug level (off here).
    const needles = ['Ignore all previous instructions', 'SYSTEM:', 'revision mismatch, retrying', 'How much is the yearly plan?', '<script'];
    const leaked = world.logs.filter((l) => needles.some((n) => l.line.includes(n))).map((l) => l.line.slice(0, 200));
    expect(leaked).toEqual([]);
  });
});
