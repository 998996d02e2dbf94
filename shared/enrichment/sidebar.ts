// The customer-context panel served by GET /api/sidebar: one self-contained HTML page (inline CSS,
// no scripts, no external assets) an agent can glance at next to a mail. Every value that came
// from a source is escaped, and only http(s) links are rendered as links.
import type { EnrichmentFacts } from '../domain.js';
import { SOURCE_NAMES, type SourceName } from './source.js';

type SourceStatus = EnrichmentFacts['sources'][SourceName]['status'];

const SOURCE_LABEL: Record<SourceName, string> = { account: 'Accounts DB', sentry: 'Sentry', posthog: 'PostHog' };

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--card:#f6f8fa;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--off:#6e7781;--link:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;--card:#161b22;--ok:#3fb950;--warn:#d29922;--bad:#f85149;--off:#8d96a0;--link:#4493f8}}
*{box-sizing:border-box}body{margin:0;padding:12px;background:var(--bg);color:var(--fg);font:13px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
h1{font-size:15px;margin:0 0 2px}h2{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:0 0 6px}
.sub{color:var(--muted);margin:0 0 12px;word-break:break-all}
section{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 12px;margin:0 0 10px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}dt{color:var(--muted)}dd{margin:0;word-break:break-word}
ul{margin:0;padding:0;list-style:none}li{padding:4px 0;border-top:1px solid var(--line)}li:first-child{border-top:0}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
.meta{color:var(--muted);font-size:12px}.empty{color:var(--muted);margin:0}
.pill{display:inline-block;padding:0 7px;border-radius:10px;font-size:11px;font-weight:600;border:1px solid currentColor}
.ok{color:var(--ok)}.not-found{color:var(--warn)}.failed{color:var(--bad)}.skipped{color:var(--off)}
.plan-premium{color:var(--ok)}.status-past_due,.status-cancelled{color:var(--bad)}
table{width:100%;border-collapse:collapse}td{padding:3px 0;vertical-align:top}td+td{padding-left:8px}
`;

export interface SidebarOptions {
  /** "now" for relative times (tests pin it). */
  now?: Date;
}

export function renderSidebarHtml(facts: EnrichmentFacts, opts: SidebarOptions = {}): string {
  const now = opts.now ?? new Date();
  const name = facts.account?.name;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Customer context – ${esc(facts.email)}</title><style>${CSS}</style></head>
<body>
<h1>${name ? esc(name) : 'Customer context'}</h1>
<p class="sub">${esc(facts.email)}</p>
${accountSection(facts)}
${errorsSection(facts, now)}
${recordingsSection(facts)}
${sourcesSection(facts)}
</body></html>
`;
}

/** GET /api/enrich answers with the facts themselves; this names that choice in one place. */
export function enrichmentJson(facts: EnrichmentFacts): EnrichmentFacts {
  return facts;
}

function accountSection(f: EnrichmentFacts): string {
  const a = f.account;
  let body: string;
  if (a) {
    const rows: [string, string | undefined, string?][] = [
      ['Plan', a.plan, a.plan?.startsWith('premium') ? 'plan-premium' : undefined],
      ['Status', a.status, a.status ? `status-${a.status}` : undefined],
      ['Signed up', a.signupDate],
      ['Renews', a.renewalDate],
      ['Country', a.country],
      ['Platform', a.platform],
    ];
    const shown = rows.filter(([, v]) => v !== undefined && v !== '');
    body = shown.length
      ? `<dl>${shown.map(([k, v, cls]) => `<dt>${k}</dt><dd${cls ? ` class="${esc(cls)}"` : ''}>${esc(v ?? '')}</dd>`).join('')}</dl>`
      : '<p class="empty">Account found, no details.</p>';
  } else {
    body = `<p class="empty">${emptyText(f.sources.account.status, 'No account with this address.')}</p>`;
  }
  return `<section><h2>Account</h2>${body}</section>`;
}

function errorsSection(f: EnrichmentFacts, now: Date): string {
  const errors = f.errors ?? [];
  let body: string;
  if (errors.length) {
    body = `<ul>${errors
      .map((e) => `<li>${link(e.link, e.title)}<div class="meta">${esc(formatCount(e.count))} · last seen ${esc(relative(e.lastSeen, now))}</div></li>`)
      .join('')}</ul>`;
  } else {
    body = `<p class="empty">${emptyText(f.sources.sentry.status, 'No errors in the last 14 days.')}</p>`;
  }
  return `<section><h2>Recent errors (14 days)</h2>${body}</section>`;
}

function recordingsSection(f: EnrichmentFacts): string {
  const r = f.recordings;
  let body: string;
  if (r && r.count > 0) {
    body = `<p style="margin:0 0 4px">${r.count} session recording${r.count === 1 ? '' : 's'} in the last 14 days</p><ul>${r.links
      .map((l, i) => `<li>${link(l, `Recording ${i + 1}`)}</li>`)
      .join('')}</ul>`;
  } else if (r) {
    body = '<p class="empty">No recordings in the last 14 days.</p>';
  } else {
    body = `<p class="empty">${emptyText(f.sources.posthog.status, 'No PostHog person with this address.')}</p>`;
  }
  return `<section><h2>Session recordings</h2>${body}</section>`;
}

function sourcesSection(f: EnrichmentFacts): string {
  const rows = SOURCE_NAMES.map((n) => {
    const s = f.sources[n];
    const ms = s.ms !== undefined ? ` <span class="meta">${Math.round(s.ms)} ms</span>` : '';
    const detail = s.detail ? `<div class="meta">${esc(s.detail)}</div>` : '';
    return `<tr><td>${SOURCE_LABEL[n]}</td><td><span class="pill ${s.status}">${statusLabel(s.status)}</span>${ms}${detail}</td></tr>`;
  });
  return `<section><h2>Sources</h2><table>${rows.join('')}</table></section>`;
}

function emptyText(status: SourceStatus, notFound: string): string {
  switch (status) {
    case 'ok':
    case 'not-found':
      return esc(notFound);
    case 'skipped':
      return 'Source not configured.';
    case 'failed':
      return 'Source unavailable right now (see Sources).';
  }
}

function statusLabel(status: SourceStatus): string {
  switch (status) {
    case 'ok':
      return 'ok';
    case 'not-found':
      return 'not found';
    case 'failed':
      return 'failed';
    case 'skipped':
      return 'skipped';
  }
}

function link(href: string, text: string): string {
  return /^https?:\/\//i.test(href)
    ? `<a href="${esc(href)}" target="_blank" rel="noopener noreferrer">${esc(text)}</a>`
    : esc(text);
}

function formatCount(n: number): string {
  return `${n.toLocaleString('en-US')} event${n === 1 ? '' : 's'}`;
}

function relative(iso: string, now: Date): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const mins = Math.round((now.getTime() - t) / 60_000);
  if (mins < 1) return 'just now';
  if (mins < 60) return `${mins} min ago`;
  const hours = Math.round(mins / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

export function esc(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}
