// The Outlook ticket pane in a real browser, in the whole local world: the local Outlook host frames
// the real pane page (served by the Functions host) with the Office stand-in, whose nested-app-auth
// bridge hands msal-browser the person's token from the mock Entra. For a seeded ticket the pane
// shows category, customer facts and assignee; an agent claims from the pane and the Teams card in
// the Agents Playground shows the new owner; a colleague off the roster gets the read-only view and
// one without mailbox access gets "No access". Screenshots (320 and 450 px, light and dark) go to
// test-artifacts/. The browser is chosen by ./chromium.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOptions } from './chromium.js';
import { ticketFor, until } from './kit.js';
import { NO_MAILBOX_COLLEAGUE } from '../../dev/graph/delegated.js';
import { PLAYGROUND_OUTSIDER } from '../../dev/playground/config.js';
import { seedTickets } from '../../dev/seed-tickets.js';
import { startWorld } from '../../dev/world.js';
import type { World } from '../../dev/world.js';
import { parseRoster } from '../../shared/roster.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const SAMPLE = path.join(ROOT, 'tickets', 'de-001-quiz-crash.eml');
const MAILBOX = 'support@studyflash.test';
const ROSTER = parseRoster(JSON.parse(readFileSync(path.join(ROOT, 'dev', 'roster.json'), 'utf8')) as unknown);

let world: World | undefined;
let browser: Browser | undefined;
let profile = '';

interface TicketJson {
  id: string;
  internetMessageId: string;
  status: string;
  subject: string;
  assignee: { aadObjectId: string; name: string } | null;
  cardActivityId: string | null;
}

/** The REST id Office.js would hand the pane for the Inbox message (the picker of the local host lists these). */
async function restIdOf(page: Page, w: World, internetMessageId: string): Promise<string> {
  await page.goto(w.urls.outlook);
  const options = await page.locator('#message option').evaluateAll((os) => os.map((o) => ({ id: (o as HTMLOptionElement).value, text: o.textContent ?? '' })));
  expect(options.length).toBeGreaterThan(0);
  // The picker shows subjects; resolve the one whose message has our Message-ID through the pane's own ticket view later.
  const original = await simpleParser(readFileSync(SAMPLE));
  const hit = options.find((o) => o.text.startsWith(original.subject!));
  expect(hit, `the Inbox lists ${internetMessageId}`).toBeDefined();
  return hit!.id;
}

async function openPane(page: Page, w: World, who: string, messageId: string, width: number, theme: 'light' | 'dark'): Promise<FrameLocator> {
  await page.setViewportSize({ width: width + 560, height: 1100 });
  await page.goto(`${w.urls.outlook}read?${new URLSearchParams({ user: who, message: messageId, width: String(width), theme })}`);
  const frame = page.frameLocator('#taskpane');
  await frame.locator('main [data-kind]').first().waitFor({ timeout: 30_000 });
  return frame;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.locator('#taskpane').screenshot({ path: path.join(ARTIFACTS, name) });
}

beforeAll(async () => {
  world = await startWorld({ quiet: true });
  profile = mkdtempSync(path.join(os.tmpdir(), 'pane-browser-'));
  browser = await chromium.launch({
    ...(await launchOptions()),
  });
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await world?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
}, 60_000);

describe('Outlook ticket pane (browser)', () => {
  it('shows the ticket, lets an agent claim it (the Teams card shows the new owner), and shows a colleague off the roster a read-only view', async () => {
    const w = world!;
    mkdirSync(ARTIFACTS, { recursive: true });
    const playground = await browser!.newPage({ viewport: { width: 1400, height: 1500 } });
    const outlook = await browser!.newPage();
    const blocked: string[] = [];
    outlook.on('request', (r) => {
      const u = new URL(r.url());
      if (u.hostname !== 'localhost' && u.hostname !== '127.0.0.1' && u.protocol !== 'data:') blocked.push(r.url());
    });

    // The Playground shows only the cards that arrive while its channel is open.
    const { config } = (await (await fetch(`${w.urls.playground}/_internal/v1/testConfig`)).json()) as { config: { teams: { channels: { id: string; name: string }[] }[] } };
    const channel = config.teams.flatMap((t) => t.channels).find((c) => c.id === w.env.TEAMS_CHANNEL_ID)!;
    await playground.goto(w.urls.playground!);
    await playground.getByText(channel.name, { exact: true }).first().click();

    const original = await simpleParser(readFileSync(SAMPLE));
    await seedTickets({ host: 'localhost', port: w.ports.smtp, files: [SAMPLE] });
    const ticket = await until('the triaged ticket and its card', async () => {
      const t = await ticketFor<TicketJson>(w, original.messageId!);
      return t?.cardActivityId && t.status !== 'processing' ? t : null;
    }, 90_000);
    const card = playground.locator('.ac-adaptiveCard').filter({ hasText: original.subject! }).first();
    await card.waitFor({ timeout: 30_000 });

    // Someone on the roster who does not own the ticket yet claims it from Outlook.
    const claimer = ROSTER.find((m) => m.role === 'agent' && m.aadObjectId !== ticket.assignee?.aadObjectId)!;
    const messageId = await restIdOf(outlook, w, original.messageId!);
    let pane = await openPane(outlook, w, claimer.email, messageId, 450, 'light');
    await expect.poll(() => pane.locator('[data-field="category"]').innerText()).toBe('bug-report');
    const customer = await pane.locator('[data-field="customer"]').innerText();
    expect(customer).toContain('premium-yearly');
    expect(customer).toContain('App Store (ios)');
    expect(await pane.locator('[data-field="assignee"]').innerText()).toContain(ticket.assignee ? `Owner: ${ticket.assignee.name}` : 'Unclaimed');
    expect(await pane.locator('main').innerText()).toMatch(/Sentry issues \(\d+\)/i);
    await shot(outlook, 'pane-450-light-before-claim.png');

    await pane.locator('button[data-verb="claim"]').click();
    await expect.poll(() => pane.locator('[data-field="assignee"]').innerText(), { timeout: 15_000 }).toBe(`Owner: ${claimer.name}`);
    await expect.poll(async () => (await ticketFor<TicketJson>(w, original.messageId!))?.assignee?.aadObjectId, { timeout: 10_000 }).toBe(claimer.aadObjectId);
    // The same use case updated the shared Teams card.
    await expect.poll(async () => card.innerText(), { timeout: 30_000 }).toContain(claimer.name);
    await card.screenshot({ path: path.join(ARTIFACTS, 'pane-claim-playground-card.png') });

    // The claimed ticket at the task pane's widths, in Outlook's light and dark theme.
    for (const width of [320, 450]) {
      for (const theme of ['light', 'dark'] as const) {
        pane = await openPane(outlook, w, claimer.email, messageId, width, theme);
        await expect.poll(() => pane.locator('[data-field="assignee"]').innerText()).toBe(`Owner: ${claimer.name}`);
        if (theme === 'dark') expect(await pane.locator('html').getAttribute('data-theme')).toBe('dark');
        // Nothing overflows the pane sideways.
        const overflow = await pane.locator('body').evaluate((b) => b.scrollWidth - b.clientWidth);
        expect(overflow, `${width} px ${theme}`).toBeLessThanOrEqual(0);
        await shot(outlook, `pane-${width}-${theme}.png`);
      }
    }

    // Pinned, the pane follows the selection (Office's ItemChanged): nothing selected, then the message again.
    const paneFrame = outlook.frames().find((f) => f.url().endsWith('/api/pane'))!;
    await paneFrame.evaluate(() => (window as unknown as { __selectItem(i: unknown): void }).__selectItem(null));
    await expect.poll(() => pane.locator('main').innerText()).toContain('Select a message');
    await paneFrame.evaluate((id) => (window as unknown as { __selectItem(i: unknown): void }).__selectItem({ itemId: id }), messageId);
    await expect.poll(() => pane.locator('[data-field="assignee"]').innerText()).toBe(`Owner: ${claimer.name}`);

    // A colleague who can open the mailbox but is not on the roster: the ticket, no actions.
    pane = await openPane(outlook, w, PLAYGROUND_OUTSIDER.email, messageId, 320, 'dark');
    await pane.locator('[data-field="read-only"]').waitFor();
    expect(await pane.locator('button[data-verb]').count()).toBe(0);
    expect(await pane.locator('[data-field="assignee"]').innerText()).toBe(`Owner: ${claimer.name}`);
    await shot(outlook, 'pane-320-dark-read-only.png');

    // A colleague without access to the shared mailbox sees nothing of the ticket.
    pane = await openPane(outlook, w, NO_MAILBOX_COLLEAGUE.email, messageId, 320, 'light');
    await expect.poll(() => pane.locator('main').innerText()).toContain('No access');
    expect(await pane.locator('main').innerText()).not.toContain('premium-yearly');
    await shot(outlook, 'pane-320-light-no-access.png');

    // Office.js, msal-browser and the page came from the local world only (no CDN, no Microsoft login).
    expect(blocked).toEqual([]);
    await playground.close();
    await outlook.close();
  }, 240_000);
});
