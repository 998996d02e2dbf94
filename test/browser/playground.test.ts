// The whole local world in a real browser: a seeded support mail becomes a card in the Agents
// Playground's team channel; the Playground's user claims it, edits the draft and approves; the
// reply then sits in the mock mailbox's Sent Items, threaded to the original (In-Reply-To and
// References = the original's Message-ID) with the edited text. Screenshots go to test-artifacts/.
// The browser is chosen by ./chromium.ts (CHROMIUM_PATH, else /usr/bin/chromium, else the npm-packaged one).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTickets } from '../../dev/seed-tickets.js';
import { startWorld } from '../../dev/world.js';
import type { World } from '../../dev/world.js';
import { launchOptions } from './chromium.js';
import { openSupportChannel, ticketFor, until } from './kit.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const SAMPLE = path.join(ROOT, 'tickets', 'de-001-quiz-crash.eml');
const MAILBOX = 'support@studyflash.test';

let world: World | undefined;
let context: BrowserContext | undefined;
let profile = '';

/** GET on the mock Graph (https with the world's own certificate, any bearer token). */
function graphGet(world: World, pathAndQuery: string): Promise<{ status: number; body: Buffer }> {
  const url = new URL(`${world.urls.graph}${pathAndQuery}`);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'GET', ca: readFileSync(world.certPath), headers: { authorization: 'Bearer browser-test' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface TicketJson {
  id: string;
  internetMessageId: string;
  conversationId: string;
  status: string;
  cardActivityId: string | null;
}

beforeAll(async () => {
  world = await startWorld({ quiet: true });
  profile = mkdtempSync(path.join(os.tmpdir(), 'playground-browser-'));
  context = await chromium.launchPersistentContext(profile, {
    ...(await launchOptions()),
    viewport: { width: 1400, height: 1500 },
  });
}, 180_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await world?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
}, 60_000);

describe('Agents Playground (browser)', () => {
  it('a seeded ticket is claimed, edited and approved on its card; the reply is sent in the thread with the edited text', async () => {
    const w = world!;
    const page: Page = await context!.newPage();
    mkdirSync(ARTIFACTS, { recursive: true });

    // Open the team channel the cards go to (the Playground shows only what arrives while it is open).
    await openSupportChannel(page, w);

    const original = await simpleParser(readFileSync(SAMPLE));
    await seedTickets({ host: 'localhost', port: w.ports.smtp, files: [SAMPLE] });
    const ticket = await until('the ticket and its card', async () => {
      const t = await ticketFor<TicketJson>(w, original.messageId!);
      return t?.cardActivityId ? t : null;
    }, 90_000);

    const card = page.locator('.ac-adaptiveCard').filter({ hasText: original.subject! }).first();
    await card.waitFor({ timeout: 30_000 });
    await card.screenshot({ path: path.join(ARTIFACTS, 'playground-card-posted.png') });

    // The shared card offers Claim only while nobody owns the ticket; "Show my actions" gives this user's view.
    if ((await card.getByRole('button', { name: 'Claim', exact: true }).count()) === 0) {
      await card.getByRole('button', { name: 'Show my actions' }).click();
    }
    await card.getByRole('button', { name: 'Claim', exact: true }).click();
    const editor = card.locator('textarea');
    await editor.waitFor({ timeout: 15_000 });
    // routing may already have assigned the ticket to this very user
    await expect.poll(async () => card.innerText(), { timeout: 10_000 }).toMatch(/You (own this ticket now|already own this ticket)\./);

    const nonce = `browser-${Date.now().toString(36)}`;
    const edited = `Hallo,\n\ndanke für die Meldung zum Quiz. Ein Update ist unterwegs (${nonce}).\n\nViele Grüße\nStudyflash Support`;
    // The claim also updates the shared card, and the Playground then re-renders it from a refresh
    // (as Teams does), which puts the stored draft back into the editor; text typed before that
    // arrives is replaced. Type again until the text stays, as a person would.
    await expect
      .poll(
        async () => {
          if ((await editor.inputValue()) !== edited) await editor.fill(edited);
          await page.waitForTimeout(1500);
          return editor.inputValue();
        },
        { timeout: 20_000, interval: 0 },
      )
      .toBe(edited);
    await card.screenshot({ path: path.join(ARTIFACTS, 'playground-card-editing.png') });
    await card.getByRole('button', { name: 'Approve & send' }).click();

    // The send runs from the queue; the shared card is updated when it is done.
    await expect.poll(async () => (await ticketFor<TicketJson>(w, original.messageId!))?.status, { timeout: 60_000, interval: 500 }).toBe('sent');
    await expect.poll(async () => card.innerText(), { timeout: 20_000 }).toContain('Sent ✓');
    await card.screenshot({ path: path.join(ARTIFACTS, 'playground-card-sent.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground.png'), fullPage: true });

    // The reply is in Sent Items, in the customer's thread, with the edited text — exactly once.
    const list = await graphGet(w, `/users/${MAILBOX}/mailFolders/sentitems/messages?$select=id,conversationId,subject&$top=200`);
    expect(list.status).toBe(200);
    const sent = (JSON.parse(list.body.toString('utf8')) as { value: { id: string; conversationId: string }[] }).value.filter((m) => m.conversationId === ticket.conversationId);
    expect(sent).toHaveLength(1);
    const mime = await graphGet(w, `/users/${MAILBOX}/messages/${encodeURIComponent(sent[0]!.id)}/$value`);
    const reply = await simpleParser(mime.body);
    expect(reply.inReplyTo).toBe(original.messageId);
    expect([reply.references ?? []].flat()).toContain(original.messageId);
    expect(reply.text ?? '').toContain(nonce);
    expect(reply.text ?? '').toContain('danke für die Meldung zum Quiz');
  }, 240_000);
});
