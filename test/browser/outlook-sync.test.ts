// Outlook and Teams side by side in a real browser, on the whole local world: a seeded support mail
// becomes a card in the Agents Playground's channel; in the mock mailbox's Outlook view (/_mock/)
// an agent sends the AI draft as it is — the card then says "Sent from Outlook" — and changes the
// mail's category — the card then shows the correction. Nothing is clicked on the card: Outlook's
// own change notifications carry both to the ticket. Screenshots go to test-artifacts/.
// The browser is chosen by ./chromium.ts (CHROMIUM_PATH, else /usr/bin/chromium, else the npm-packaged one).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOptions } from './chromium.js';
import { openSupportChannel, ticketFor } from './kit.js';
import { seedTickets } from '../../dev/seed-tickets.js';
import { startWorld, type World } from '../../dev/world.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const SAMPLE = path.join(ROOT, 'tickets', 'de-004-doppelt-abgebucht.eml');

let world: World | undefined;
let context: BrowserContext | undefined;
let profile = '';

interface TicketJson {
  id: string;
  internetMessageId: string;
  messageId: string;
  status: string;
  category: string;
  cardActivityId: string | null;
  draftMessageId: string | null;
  repliedVia: string | null;
  draftUse: string | null;
  corrections: { from: string; to: string; via: string }[];
}

beforeAll(async () => {
  // No enrichment stand-ins: they play no part here, and the accounts Postgres is slow to start on 2 cores.
  world = await startWorld({ quiet: true, enrichment: false });
  profile = mkdtempSync(path.join(os.tmpdir(), 'outlook-sync-browser-'));
  context = await chromium.launchPersistentContext(profile, {
    ...(await launchOptions()),
    ignoreHTTPSErrors: true, // the mock Graph's self-signed certificate
    viewport: { width: 1400, height: 1400 },
  });
}, 180_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await world?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
}, 60_000);

describe('Outlook view and Teams card together (browser)', () => {
  it('the AI draft sent from the Outlook view and a category changed there both show on the ticket\'s card', async () => {
    const w = world!;
    mkdirSync(ARTIFACTS, { recursive: true });
    const teams: Page = await context!.newPage();
    const outlook: Page = await context!.newPage();

    // The Playground shows only what arrives while the channel is open.
    await openSupportChannel(teams, w);

    const original = await simpleParser(readFileSync(SAMPLE));
    const subject = original.subject!;
    await seedTickets({ host: 'localhost', port: w.ports.smtp, files: [SAMPLE] });
    await expect.poll(async () => (await ticketFor<TicketJson>(w, original.messageId!))?.cardActivityId ?? null, { timeout: 90_000, interval: 500 }).toBeTruthy();
    const ticket = (await ticketFor<TicketJson>(w, original.messageId!))!;
    expect(ticket.draftMessageId).toBeTruthy();
    const card = teams.locator('.ac-adaptiveCard').filter({ hasText: subject }).first();
    await card.waitFor({ timeout: 30_000 });
    await card.screenshot({ path: path.join(ARTIFACTS, 'outlook-sync-card-posted.png') });

    // 1. Outlook: Drafts → the AI draft → Send, as it is.
    await outlook.goto(`${w.urls.graphView}folder/drafts`);
    await outlook.getByRole('link', { name: `RE: ${subject}` }).click();
    await outlook.waitForURL(`**/_mock/message/${ticket.draftMessageId}`);
    await expect.poll(() => outlook.locator('#draft-text').inputValue()).not.toBe('');
    await outlook.screenshot({ path: path.join(ARTIFACTS, 'outlook-sync-view-draft.png'), fullPage: true });
    await outlook.getByRole('button', { name: 'Send', exact: true }).click();
    await outlook.waitForURL('**/_mock/folder/sentitems');
    await expect.poll(() => outlook.locator('table.list').innerText()).toContain(`RE: ${subject}`);

    await expect.poll(async () => (await ticketFor<TicketJson>(w, original.messageId!))?.status, { timeout: 60_000, interval: 500 }).toBe('sent');
    expect(await ticketFor<TicketJson>(w, original.messageId!)).toMatchObject({ repliedVia: 'outlook', draftUse: 'unchanged', draftMessageId: null });
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toContain('Sent from Outlook');
    expect(await card.innerText()).toContain('the AI draft unchanged');
    await card.screenshot({ path: path.join(ARTIFACTS, 'outlook-sync-card-sent.png') });

    // 2. Outlook: Inbox → the customer's mail → Categorize: the AI's category replaced by another.
    const from = ticket.category;
    const to = from === 'product-question' ? 'bug-report' : 'product-question';
    await outlook.goto(`${w.urls.graphView}folder/inbox`);
    await outlook.getByRole('link', { name: subject, exact: true }).click();
    await outlook.waitForURL(`**/_mock/message/${ticket.messageId}`);
    await outlook.getByText('Categorize', { exact: true }).click();
    await outlook.getByRole('checkbox', { name: from, exact: true }).uncheck();
    await outlook.getByRole('checkbox', { name: to, exact: true }).check();
    await outlook.getByRole('button', { name: 'Apply categories' }).click();
    await expect.poll(() => outlook.locator('#categories').innerText()).toContain(to);
    await outlook.screenshot({ path: path.join(ARTIFACTS, 'outlook-sync-view-categorized.png'), fullPage: true });

    await expect.poll(async () => (await ticketFor<TicketJson>(w, original.messageId!))?.category, { timeout: 60_000, interval: 500 }).toBe(to);
    expect((await ticketFor<TicketJson>(w, original.messageId!))!.corrections).toEqual([expect.objectContaining({ from, to, via: 'outlook' })]);
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toContain('Category corrected');
    expect(await card.innerText()).toMatch(/Category corrected .+ → .+ in Outlook/);
    await card.screenshot({ path: path.join(ARTIFACTS, 'outlook-sync-card-corrected.png') });
    await teams.screenshot({ path: path.join(ARTIFACTS, 'outlook-sync-playground.png'), fullPage: true });

    // Outlook shows the agent's category only (the product tidies its own set, never reverts the person's).
    const cats = await outlook.locator('#categories').innerText();
    expect(cats).toContain(to);
    expect(cats).not.toContain(from);
  }, 240_000);
});
