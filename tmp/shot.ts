// One-off: the reminders and the digest as the Playground shows them.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { seedTickets } from '../dev/seed-tickets.js';
import { startWorld } from '../dev/world.js';

const w = await startWorld({ quiet: true, ports: { functions: 25171, graph: 25172, smtp: 25173, blob: 25174, queue: 25175, table: 25176, playground: 25177, sentry: 25178, posthog: 25179, pg: 25180, anthropic: 25181 }, env: { DIGEST_TIME: 'off' } });
const ctx = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'pg-shot-')), { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--headless', '--disable-gpu'], viewport: { width: 1400, height: 2200 } });
try {
  const page = await ctx.newPage();
  const { config } = (await (await fetch(`${w.urls.playground}/_internal/v1/testConfig`)).json()) as { config: { teams: { channels: { id: string; name: string }[] }[] } };
  const channel = config.teams.flatMap((t) => t.channels).find((c) => c.id === w.env.TEAMS_CHANNEL_ID)!;
  await page.goto(w.urls.playground!);
  await page.getByText(channel.name, { exact: true }).first().click();
  await seedTickets({ host: 'localhost', port: w.ports.smtp, files: [path.resolve('tickets/de-001-quiz-crash.eml')] });
  await new Promise((r) => setTimeout(r, 150_000));
  await fetch(`${w.urls.functions}/digest`, { method: 'POST' });
  await new Promise((r) => setTimeout(r, 8_000));
  await page.screenshot({ path: '/tmp/pg-reminders.png', fullPage: true });
  console.log('shot', await page.locator('body').innerText().then((t) => t.slice(0, 3000)));
} finally {
  await ctx.close();
  await w.stop();
}
