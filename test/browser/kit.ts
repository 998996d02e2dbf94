// What the browser tests share: waiting for the world to reach a state, finding a ticket by the
// mail's Message-ID through the documented API, and opening the support channel in the Playground.
import type { Page } from 'playwright-core';
import type { World } from '../../dev/world.js';

/** Polls `fn` every 500 ms until it returns something, or fails naming what was awaited. */
export async function until<T>(what: string, fn: () => Promise<T | null | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const norm = (s: string) => s.replace(/[<>]/g, '').toLowerCase();

/** The ticket of a mail, by its Message-ID (`GET /api/tickets`, then the full ticket). */
export async function ticketFor<T extends { id: string; internetMessageId?: string | null }>(w: World, internetMessageId: string): Promise<T | null> {
  const { tickets } = (await (await fetch(`${w.urls.functions}/tickets`)).json()) as { tickets: T[] };
  const hit = tickets.find((t) => norm(t.internetMessageId ?? '') === norm(internetMessageId));
  return hit ? ((await (await fetch(`${w.urls.functions}/tickets/${hit.id}`)).json()) as T) : null;
}

/** Opens the Playground on the channel the cards go to (it shows only what arrives while open). */
export async function openSupportChannel(page: Page, w: World): Promise<void> {
  const { config } = (await (await fetch(`${w.urls.playground}/_internal/v1/testConfig`)).json()) as { config: { teams: { channels: { id: string; name: string }[] }[] } };
  const channel = config.teams.flatMap((t) => t.channels).find((c) => c.id === w.env.TEAMS_CHANNEL_ID);
  if (!channel) throw new Error(`the Playground has no channel ${w.env.TEAMS_CHANNEL_ID}`);
  await page.goto(w.urls.playground!);
  await page.getByText(channel.name, { exact: true }).first().click();
}
