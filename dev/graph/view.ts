// The read-only HTML view of the mailbox at /_mock/ — what an agent would see in Outlook: folders,
// message lists with categories as coloured chips (master category colours), drafts, sent items,
// and a message page with its headers and body. Everything from mail is escaped; HTML bodies are
// shown in a sandboxed iframe (no scripts).
import { immutableId } from './ids.js';
import { escapeHtml as e } from './mime.js';
import { renderMessage } from './render.js';
import type { MockContext } from './context.js';
import { composeMime } from './mime.js';
import { WELL_KNOWN_FOLDERS, type MessageRecord, type WellKnownFolder } from './store.js';
import type { ApiResponse } from './router.js';

// Outlook desktop's presets (actual colours vary a little between clients).
const PRESET_COLOURS = [
  '#e81123', '#f7630c', '#8e562e', '#fce100', '#16c60c', '#00b7c3', '#808000', '#0078d4', '#8764b8', '#c30052',
  '#69797e', '#4a5459', '#a0aeb2', '#5d5a58', '#000000', '#a4262c', '#ca5010', '#603d30', '#c19c00', '#0b6a0b',
  '#005b70', '#4b5320', '#004e8c', '#5c2e91', '#6d0027',
];

function chip(ctx: MockContext, name: string): string {
  const preset = ctx.store.categoryColor(name);
  const idx = preset && preset !== 'none' ? Number(preset.slice(6)) : -1;
  const bg = idx >= 0 ? PRESET_COLOURS[idx]! : 'transparent';
  const rgb = idx >= 0 ? [1, 3, 5].map((i) => parseInt(bg.slice(i, i + 2), 16)) : [255, 255, 255];
  const light = 0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]! > 160;
  return `<span class="chip" style="background:${bg};color:${light ? '#000' : '#fff'}" title="${e(preset ?? 'not in the master list')}">${e(name)}</span>`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:0;display:flex;min-height:100vh;color:#222}
nav{width:200px;background:#f3f2f1;padding:12px;flex:none}nav a{display:block;padding:6px 8px;color:#222;text-decoration:none;border-radius:4px}
nav a.on{background:#c7e0f4}main{flex:1;padding:12px 20px;min-width:0}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top}tr.unread td{font-weight:600}
.chip{display:inline-block;padding:1px 8px;margin:1px 2px;border-radius:10px;font-size:12px;border:1px solid #ccc}
.meta td:first-child{color:#666;white-space:nowrap;width:160px}iframe{width:100%;height:480px;border:1px solid #ddd}
pre{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:8px}.muted{color:#888}`;

function page(ctx: MockContext, title: string, active: WellKnownFolder | 'home' | null, content: string): ApiResponse {
  const nav = WELL_KNOWN_FOLDERS.map((f) => {
    const unread = ctx.store.list(f).filter((m) => !m.isRead).length;
    return `<a class="${active === f ? 'on' : ''}" href="/_mock/folder/${f}">${e(ctx.store.folderDisplayName(f))} <span class="muted">${ctx.store.list(f).length}${unread ? ` · ${unread} unread` : ''}</span></a>`;
  }).join('');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${e(title)} · ${e(ctx.store.address)}</title><style>${STYLE}</style></head>`
    + `<body><nav><b>${e(ctx.store.displayName)}</b><div class="muted">${e(ctx.store.address)}</div><br>${nav}<br>`
    + `<a class="${active === 'home' ? 'on' : ''}" href="/_mock/categories">Categories &amp; subscriptions</a><a href="/_mock/stats">Stats (JSON)</a></nav>`
    + `<main>${content}</main></body></html>`;
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "script-src 'none'" }, body: html };
}

function who(m: MessageRecord): string {
  if (m.folder === 'drafts' || m.folder === 'sentitems') return 'To: ' + m.toRecipients.map((r) => r.emailAddress.name).join(', ');
  return m.from?.emailAddress.name ?? '';
}

export function folderPage(ctx: MockContext, folder: WellKnownFolder): ApiResponse {
  const rows = ctx.store.list(folder).sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime) || b.seq - a.seq).map((m) =>
    `<tr class="${m.isRead ? '' : 'unread'}"><td>${e(who(m))}</td><td><a href="/_mock/message/${immutableId(m.key)}">${e(m.subject || '(no subject)')}</a>`
    + `${m.isDraft ? ' <span class="chip">Draft</span>' : ''}${m.attachments.some((a) => !a.isInline) ? ' 📎' : ''}</td>`
    + `<td>${m.categories.map((c) => chip(ctx, c)).join('')}</td><td class="muted">${e(m.receivedDateTime)}</td></tr>`).join('');
  return page(ctx, ctx.store.folderDisplayName(folder), folder,
    `<h2>${e(ctx.store.folderDisplayName(folder))}</h2><table><tr><th>${folder === 'inbox' || folder === 'deleteditems' ? 'From' : 'To'}</th><th>Subject</th><th>Categories</th><th>Received</th></tr>${rows || '<tr><td colspan="4" class="muted">Empty</td></tr>'}</table>`);
}

export function messagePage(ctx: MockContext, id: string): ApiResponse {
  const m = ctx.store.find(id);
  if (!m) return page(ctx, 'Not found', null, '<h2>Message not found</h2><p class="muted">It may have been deleted for good.</p>');
  const j = renderMessage(m, { store: ctx.store, origin: ctx.origin, immutable: true, select: ['internetMessageHeaders'] });
  const headers = (j.internetMessageHeaders as Array<{ name: string; value: string }>).map((h) => `<tr><td>${e(h.name)}</td><td>${e(h.value)}</td></tr>`).join('');
  const thread = ctx.store.list().filter((x) => x.conversationId === m.conversationId && x !== m)
    .map((x) => `<li><a href="/_mock/message/${immutableId(x.key)}">${e(x.subject)}</a> <span class="muted">${e(ctx.store.folderDisplayName(x.folder))} · ${e(x.receivedDateTime)}</span></li>`).join('');
  const fmt = (rs: MessageRecord['toRecipients']): string => rs.map((r) => `${e(r.emailAddress.name)} &lt;${e(r.emailAddress.address)}&gt;`).join(', ');
  const meta: Array<[string, string]> = [
    ['From', m.from ? fmt([m.from]) : ''], ['To', fmt(m.toRecipients)], ['Cc', fmt(m.ccRecipients)], ['Reply-To', fmt(m.replyTo)],
    ['Folder', e(ctx.store.folderDisplayName(m.folder))], ['Received', e(m.receivedDateTime)], ['Sent', e(m.sentDateTime ?? '—')],
    ['Categories', m.categories.map((c) => chip(ctx, c)).join('') || '<span class="muted">none</span>'], ['Draft', m.isDraft ? 'yes' : 'no'],
    ['Immutable id', e(immutableId(m.key))], ['Conversation', e(m.conversationId)], ['Message-ID', e(m.internetMessageId)],
    ['Attachments', m.attachments.map((a) => `${e(a.name)} <span class="muted">${e(a.contentType)}, ${a.size} B${a.isInline ? ', inline' : ''}</span>`).join('<br>') || '<span class="muted">none</span>'],
  ];
  const body = m.body.contentType === 'html'
    ? `<iframe sandbox="" referrerpolicy="no-referrer" srcdoc="${e(m.body.content)}"></iframe>`
    : `<pre>${e(m.body.content)}</pre>`;
  return page(ctx, m.subject, m.folder,
    `<h2>${e(m.subject || '(no subject)')}</h2><table class="meta">${meta.map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('')}</table>`
    + `<h3>Body</h3>${body}${thread ? `<h3>Conversation</h3><ul>${thread}</ul>` : ''}`
    + `<h3>Headers</h3><table class="meta">${headers}</table><p><a href="/_mock/message/${immutableId(m.key)}/raw">Raw MIME</a></p>`);
}

export async function rawPage(ctx: MockContext, id: string): Promise<ApiResponse> {
  const m = ctx.store.find(id);
  if (!m) return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'not found' };
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: m.raw ?? (await composeMime(m)) };
}

export function categoriesPage(ctx: MockContext): ApiResponse {
  const cats = ctx.store.masterCategories.map((c) => `<tr><td>${chip(ctx, c.displayName)}</td><td>${e(c.color)}</td><td class="muted">${e(c.id)}</td></tr>`).join('');
  const subs = ctx.subs.list().map((s) => `<tr><td class="muted">${e(s.id)}</td><td>${e(s.resource)}</td><td>${e(s.changeTypes.join(','))}</td><td>${e(s.notificationUrl)}</td><td>${e(new Date(s.expiresAt).toISOString())}</td></tr>`).join('');
  return page(ctx, 'Categories', 'home',
    `<h2>Master categories</h2><table><tr><th>Name</th><th>Colour</th><th>Id</th></tr>${cats}</table>`
    + `<h2>Subscriptions</h2><table><tr><th>Id</th><th>Resource</th><th>Change</th><th>Notification URL</th><th>Expires</th></tr>${subs || '<tr><td colspan="5" class="muted">None</td></tr>'}</table>`);
}
