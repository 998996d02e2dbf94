import { describe, expect, it } from 'vitest';
import type { EnrichmentFacts } from '../domain.js';
import { renderSidebarHtml } from './sidebar.js';

const now = new Date('2026-03-10T12:00:00Z');

const full: EnrichmentFacts = {
  email: 'lena.meier@example.ch',
  account: { name: 'Lena Meier', plan: 'premium-yearly', status: 'active', signupDate: '2025-09-01', country: 'CH', platform: 'ios', renewalDate: '2026-09-01' },
  errors: [{ title: 'EXC_BAD_ACCESS in DeckSyncService', count: 1234, lastSeen: '2026-03-08T12:00:00Z', link: 'https://sentry.io/organizations/studyflash/issues/1/' }],
  recordings: { count: 2, links: ['https://eu.posthog.com/project/1/replay/abc', 'https://eu.posthog.com/project/1/replay/def'] },
  sources: { account: { status: 'ok', ms: 12 }, sentry: { status: 'ok', ms: 80 }, posthog: { status: 'ok', ms: 95 } },
};

describe('sidebar panel', () => {
  it('shows the account facts, the errors with links and the recordings', () => {
    const html = renderSidebarHtml(full, { now });
    expect(html).toContain('<h1>Lena Meier</h1>');
    expect(html).toContain('premium-yearly');
    expect(html).toContain('2026-09-01');
    expect(html).toContain('href="https://sentry.io/organizations/studyflash/issues/1/"');
    expect(html).toContain('1,234 events · last seen 2 days ago');
    expect(html).toContain('2 session recordings in the last 14 days');
    expect(html).toContain('href="https://eu.posthog.com/project/1/replay/def"');
  });

  it('is self-contained: inline CSS, no script, no external asset', () => {
    const html = renderSidebarHtml(full, { now });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|<img|src=|@import/i);
  });

  it('escapes hostile values from every source', () => {
    const hostile: EnrichmentFacts = {
      email: '"><script>alert(1)</script>@x.io',
      account: { name: '<script>alert("name")</script>', plan: '<b>free</b>', status: 'active" onmouseover="x' },
      errors: [{ title: '<img src=x onerror=alert(1)>', count: 1, lastSeen: '2026-03-10T11:00:00Z', link: 'javascript:alert(1)' }],
      recordings: { count: 1, links: ['https://eu.posthog.com/replay/"><script>x</script>'] },
      sources: { account: { status: 'ok' }, sentry: { status: 'ok' }, posthog: { status: 'failed', detail: '<script>detail</script>' } },
    };
    const html = renderSidebarHtml(hostile, { now });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('javascript:alert(1)"');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('&#60;script&#62;alert(&#34;name&#34;)&#60;/script&#62;');
    expect(html).not.toMatch(/class="status-active" onmouseover/);
  });

  it("renders each source's status with its reason", () => {
    const degraded: EnrichmentFacts = {
      email: 'a@b.co',
      account: null,
      sources: {
        account: { status: 'not-found', detail: 'no account with this e-mail address', ms: 5 },
        sentry: { status: 'failed', detail: 'sentry: 401 Invalid token', ms: 40 },
        posthog: { status: 'skipped', detail: 'not configured (POSTHOG_API_KEY)' },
      },
    };
    const html = renderSidebarHtml(degraded, { now });
    expect(html).toContain('<span class="pill not-found">not found</span>');
    expect(html).toContain('<span class="pill failed">failed</span>');
    expect(html).toContain('<span class="pill skipped">skipped</span>');
    expect(html).toContain('sentry: 401 Invalid token');
    expect(html).toContain('not configured (POSTHOG_API_KEY)');
    expect(html).toContain('No account with this address.');
    expect(html).toContain('Source unavailable right now');
    expect(html).toContain('Source not configured.');
  });
});
