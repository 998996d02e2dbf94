// The mailbox's own small Outlook at /_mock/: the folder pane (Inbox, Drafts, Sent Items, Junk Email,
// Deleted Items), message lists with categories as chips in their master colours and the flag, and a
// message page where someone trying the product opens mail, edits and sends a draft, replies by hand,
// categorizes, flags, moves to Junk Email or deletes. The pages are rendered here; every action is
// made by outlook.js through the Graph routes themselves (OUTLOOK_PREFIX, see Api.handleOutlook), so
// it changes the mailbox and fires the notifications exactly as the same call to Graph would.
// Mail is hostile: everything is escaped, HTML bodies are sanitized and shown in a sandboxed iframe.
import sanitizeHtml from 'sanitize-html';
import { immutableId } from './ids.js';
import { composeMime, convertBody, escapeHtml as e } from './mime.js';
import { renderMessage } from './render.js';
import type { MockContext } from './context.js';
import { FOLDER_ORDER, type MessageRecord, type Recipient, type WellKnownFolder } from './store.js';
import type { ApiResponse } from './router.js';
import { OUTLOOK_SCRIPT } from './view-script.js';

/** Where the view's script calls the Graph routes (mirrors /v1.0). */
export const OUTLOOK_PREFIX = '/_mock/outlook/v1.0';

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

function flagMark(m: MessageRecord): string {
  switch (m.flag.flagStatus) {
    case 'flagged': return '<span class="flag" title="Flagged">⚑</span>';
    case 'complete': return '<span class="done" title="Completed">✓</span>';
    case 'notFlagged': return '';
  }
}

const STYLE = `*{box-sizing:border-box}body{font:14px system-ui,sans-serif;margin:0;display:flex;min-height:100vh;color:#222}
nav{width:190px;background:#f3f2f1;padding:12px;flex:none}nav a{display:flex;justify-content:space-between;padding:6px 8px;color:#222;text-decoration:none;border-radius:4px}
nav a.on{background:#c7e0f4}nav .count{color:#0f6cbd;font-weight:600}main{flex:1;padding:12px 20px;min-width:0;max-width:1100px}
table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
tr.unread td{font-weight:600}tr.unread td.date{font-weight:400}tr.unread td:first-child{border-left:3px solid #0f6cbd}.list a{color:#222;text-decoration:none}.list a:hover{text-decoration:underline}
.preview{color:#777;font-weight:400}.chip{display:inline-block;padding:1px 8px;margin:1px 2px;border-radius:10px;font-size:12px;border:1px solid #ccc}
.flag{color:#c50f1f}.done{color:#107c10}.meta{color:#444;margin:4px 0 8px}.meta b{color:#222}.muted{color:#888}
.toolbar{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 10px}button{font:inherit;padding:5px 12px;border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer}
button:hover{background:#f3f2f1}button.primary{background:#0f6cbd;border-color:#0f6cbd;color:#fff}button:disabled{opacity:.5;cursor:default}
iframe{width:100%;height:360px;border:1px solid #ddd;resize:vertical;background:#fff}pre{white-space:pre-wrap;font:inherit;background:#fafafa;border:1px solid #eee;padding:10px;margin:0}
details{margin:8px 0}summary{cursor:pointer;color:#0f6cbd}.cats label{display:inline-flex;align-items:center;gap:4px;margin:2px 10px 2px 0}
.editor label{display:block;margin:6px 0 2px;color:#555}.editor input,.editor textarea,#reply-text{width:100%;font:inherit;padding:6px;border:1px solid #bbb;border-radius:4px}
.status{min-height:1.2em;color:#555}.status.bad{color:#c50f1f}.kv td:first-child{color:#666;width:140px}.kv td{white-space:normal;word-break:break-all}
h2{margin:6px 0;font-size:20px;overflow-wrap:anywhere}h3{font-size:15px;margin:14px 0 6px}`;

/** The page may run its own script only; mail never reaches it outside the sandboxed iframe. */
const PAGE_CSP = "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

function page(ctx: MockContext, title: string, active: WellKnownFolder | 'home' | null, content: string, data: Record<string, string> = {}): ApiResponse {
  const nav = FOLDER_ORDER.map((f) => {
    const unread = ctx.store.list(f).filter((m) => !m.isRead).length;
    // Outlook counts unread mail, except in Drafts, where it counts the drafts.
    const n = f === 'drafts' ? ctx.store.list(f).length : unread;
    return `<a class="${active === f ? 'on' : ''}" href="/_mock/folder/${f}" data-folder="${f}"><span>${e(ctx.store.folderDisplayName(f))}</span><span class="count">${n || ''}</span></a>`;
  }).join('');
  const attrs = Object.entries({ api: `${OUTLOOK_PREFIX}/users/${encodeURIComponent(ctx.store.address)}`, ...data }).map(([k, v]) => ` data-${k}="${e(v)}"`).join('');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(title)} · ${e(ctx.store.address)}</title><style>${STYLE}</style></head>`
    + `<body${attrs}><nav><b>${e(ctx.store.displayName)}</b><div class="muted">${e(ctx.store.address)}</div><br>${nav}<br>`
    + `<a class="${active === 'home' ? 'on' : ''}" href="/_mock/categories">Categories &amp; subscriptions</a><a href="/_mock/stats">Stats (JSON)</a></nav>`
    + `<main><div id="status" class="status" role="status"></div>${content}</main><script src="/_mock/outlook.js"></script></body></html>`;
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CSP, 'cache-control': 'no-store' }, body: html };
}

export function outlookScript(): ApiResponse {
  return { status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }, body: OUTLOOK_SCRIPT };
}

function names(rs: Recipient[]): string {
  return rs.map((r) => r.emailAddress.name || r.emailAddress.address).join(', ');
}

function who(m: MessageRecord): string {
  if (m.folder === 'drafts' || m.folder === 'sentitems') return names(m.toRecipients);
  return m.from?.emailAddress.name || m.from?.emailAddress.address || '';
}

function shortDate(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\dZ$/, '');
}

export function folderPage(ctx: MockContext, folder: WellKnownFolder): ApiResponse {
  const rc = { store: ctx.store, origin: ctx.origin, immutable: true, select: ['bodyPreview'] };
  const rows = ctx.store.list(folder).sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime) || b.seq - a.seq).map((m) => {
    const preview = String(renderMessage(m, rc).bodyPreview ?? '');
    return `<tr class="${m.isRead ? '' : 'unread'}" data-id="${immutableId(m.key)}"><td>${e(who(m))}</td>`
      + `<td><a href="/_mock/message/${immutableId(m.key)}">${e(m.subject || '(no subject)')}</a>${m.isDraft ? ' <span class="chip">Draft</span>' : ''}`
      + `${m.attachments.some((a) => !a.isInline) ? ' 📎' : ''} <span class="preview">${e(preview.slice(0, 120))}</span></td>`
      + `<td>${m.categories.map((c) => chip(ctx, c)).join('')}</td><td>${flagMark(m)}</td><td class="muted date">${e(shortDate(m.receivedDateTime))}</td></tr>`;
  }).join('');
  const name = ctx.store.folderDisplayName(folder);
  return page(ctx, name, folder,
    `<h2>${e(name)}</h2><table class="list"><colgroup><col style="width:22%"><col><col style="width:22%"><col style="width:32px"><col style="width:150px"></colgroup>`
    + `<tr><th>${folder === 'drafts' || folder === 'sentitems' ? 'To' : 'From'}</th><th>Subject</th><th>Categories</th><th title="Flag">⚑</th><th>${folder === 'drafts' || folder === 'sentitems' ? 'Date' : 'Received'}</th></tr>`
    + `${rows || '<tr><td colspan="5" class="muted">Nothing in this folder</td></tr>'}</table>`, { folder });
}

// ----- mail bodies -----
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'u', 's'],
  allowedAttributes: {
    a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], font: ['color', 'size', 'face'],
    td: ['colspan', 'rowspan', 'align', 'valign', 'width'], th: ['colspan', 'rowspan', 'align', 'valign', 'width'], table: ['width', 'border', 'cellpadding', 'cellspacing'],
    '*': ['dir', 'lang', 'align'],
  },
  // No remote images (tracking pixels), no javascript: links; inline data: images only.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // An image that is not inline data could only be fetched from elsewhere: leave it out.
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^data:image\//i.test(frame.attribs.src ?? ''),
};

/** Mail HTML reduced to an allowlist (no scripts, handlers, styles, forms, frames or remote images). */
export function safeMailHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** The sandboxed frame a mail body is shown in: sanitized, no scripts, no network. */
function bodyFrame(m: MessageRecord): string {
  if (m.body.contentType !== 'html') return `<pre class="mail-text">${e(m.body.content)}</pre>`;
  const doc = '<!doctype html><html><head><meta charset="utf-8">'
    + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`
    + '<style>body{font:14px system-ui,sans-serif;margin:10px;color:#222;overflow-wrap:anywhere}</style></head><body>'
    + safeMailHtml(m.body.content) + '</body></html>';
  return `<iframe class="mail-html" title="Message body" sandbox="" referrerpolicy="no-referrer" srcdoc="${e(doc)}"></iframe>`;
}

function fmtAddresses(rs: Recipient[]): string {
  return rs.map((r) => `${e(r.emailAddress.name)} &lt;${e(r.emailAddress.address)}&gt;`).join(', ');
}

function toolbar(m: MessageRecord): string {
  const b = (action: string, label: string, extra = ''): string => `<button type="button" data-action="${action}"${extra}>${label}</button>`;
  const out: string[] = [];
  if (!m.isDraft && m.folder !== 'sentitems') out.push(b('open-reply', 'Reply'));
  if (m.flag.flagStatus !== 'complete') out.push(b('flag', 'Mark complete', ' data-status="complete"'));
  if (m.flag.flagStatus === 'notFlagged') out.push(b('flag', 'Flag', ' data-status="flagged"'));
  else out.push(b('flag', 'Clear flag', ' data-status="notFlagged"'));
  if (m.folder === 'junkemail') out.push(b('move', 'Not junk', ' data-to="inbox"'));
  else if (!m.isDraft) out.push(b('move', 'Move to Junk', ' data-to="junkemail"'));
  if (!m.isDraft && m.isRead) out.push(b('mark-unread', 'Mark as unread'));
  out.push(b('delete', m.folder === 'deleteditems' ? 'Delete for good' : 'Delete'));
  return `<div class="toolbar">${out.join('')}</div>`;
}

function categoryPicker(ctx: MockContext, m: MessageRecord): string {
  const all = [...ctx.store.masterCategories.map((c) => c.displayName)];
  for (const c of m.categories) if (!all.some((x) => x.toLowerCase() === c.toLowerCase())) all.push(c);
  const boxes = all.map((name) => `<label>${'<input type="checkbox" name="category" value="' + e(name) + '"' + (m.categories.includes(name) ? ' checked' : '') + '>'}${chip(ctx, name)}</label>`).join('');
  return `<details class="cats"><summary>Categorize</summary><div>${boxes}</div><button type="button" data-action="categories">Apply categories</button></details>`;
}

/** The draft's own text (above the quoted mail) as plain text, for the editor. */
function draftText(ctx: MockContext, m: MessageRecord): string {
  const unique = renderMessage(m, { store: ctx.store, origin: ctx.origin, immutable: true, select: ['uniqueBody'] }).uniqueBody as MessageRecord['body'];
  return convertBody(unique, 'text').content.replace(/\n{3,}/g, '\n\n').trim();
}

function draftEditor(ctx: MockContext, m: MessageRecord): string {
  const to = m.toRecipients.map((r) => r.emailAddress.address).join(', ');
  const text = draftText(ctx, m);
  return `<div class="editor"><label for="draft-to">To</label><input id="draft-to" value="${e(to)}" data-initial="${e(to)}">`
    + `<label for="draft-subject">Subject</label><input id="draft-subject" value="${e(m.subject)}" data-initial="${e(m.subject)}">`
    + `<label for="draft-text">Message</label><textarea id="draft-text" rows="12" data-initial="${e(text)}">${e(text)}</textarea>`
    + `<div class="toolbar" style="margin-top:8px"><button type="button" class="primary" data-action="send-draft">Send</button>`
    + `<button type="button" data-action="save-draft">Save draft</button><button type="button" data-action="discard-draft">Discard</button></div></div>`;
}

export function messagePage(ctx: MockContext, id: string): ApiResponse {
  const m = ctx.store.find(id);
  if (!m) return page(ctx, 'Not found', null, '<h2>Message not found</h2><p class="muted">It may have been deleted for good.</p>');
  const mid = immutableId(m.key);
  const j = renderMessage(m, { store: ctx.store, origin: ctx.origin, immutable: true, select: ['internetMessageHeaders'] });
  const headers = (j.internetMessageHeaders as Array<{ name: string; value: string }>).map((h) => `<tr><td>${e(h.name)}</td><td>${e(h.value)}</td></tr>`).join('');
  const thread = ctx.store.list().filter((x) => x.conversationId === m.conversationId && x !== m)
    .sort((a, b) => a.receivedDateTime.localeCompare(b.receivedDateTime))
    .map((x) => `<li><a href="/_mock/message/${immutableId(x.key)}">${e(x.subject || '(no subject)')}</a> <span class="muted">${e(ctx.store.folderDisplayName(x.folder))} · ${e(shortDate(x.receivedDateTime))}</span></li>`).join('');
  const flag = m.flag.flagStatus === 'complete' ? `<span class="done">✓ Completed ${e(m.flag.completedDateTime?.dateTime.slice(0, 16).replace('T', ' ') ?? '')}</span>`
    : m.flag.flagStatus === 'flagged' ? '<span class="flag">⚑ Flagged</span>' : '';
  const meta = `<div class="meta"><b>${m.from ? fmtAddresses([m.from]) : ''}</b><br>To: ${fmtAddresses(m.toRecipients) || '<span class="muted">nobody yet</span>'}`
    + `${m.ccRecipients.length ? `<br>Cc: ${fmtAddresses(m.ccRecipients)}` : ''}<br><span class="muted">${e(m.isDraft ? 'Draft, last saved ' + shortDate(m.lastModifiedDateTime) : shortDate(m.sentDateTime ?? m.receivedDateTime))} · ${e(ctx.store.folderDisplayName(m.folder))}</span> ${flag}</div>`;
  const chips = `<div id="categories">${m.categories.map((c) => chip(ctx, c)).join('') || '<span class="muted">No categories</span>'}</div>`;
  const reply = !m.isDraft && m.folder !== 'sentitems'
    ? `<details id="reply"><summary>Reply to ${e(m.replyTo[0]?.emailAddress.address ?? m.from?.emailAddress.address ?? 'sender')}</summary><textarea id="reply-text" rows="6" placeholder="Write your reply"></textarea>`
      + '<div class="toolbar" style="margin-top:6px"><button type="button" class="primary" data-action="reply">Send reply</button></div></details>'
    : '';
  const details = [
    ['Immutable id', e(mid)], ['Conversation', e(m.conversationId)], ['Message-ID', e(m.internetMessageId)], ['changeKey', e(m.changeKey)],
    ['Attachments', m.attachments.map((a) => `${e(a.name)} <span class="muted">${e(a.contentType)}, ${a.size} B${a.isInline ? ', inline' : ''}</span>`).join('<br>') || '<span class="muted">none</span>'],
  ].map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('');
  const content = toolbar(m) + `<h2>${e(m.subject || '(no subject)')}</h2>${meta}${chips}${categoryPicker(ctx, m)}`
    + (m.isDraft ? `${draftEditor(ctx, m)}<h3>As it will be sent</h3>` : '') + bodyFrame(m) + reply
    + (thread ? `<h3>Conversation</h3><ul>${thread}</ul>` : '')
    + `<details><summary>Details and headers</summary><table class="kv">${details}${headers}</table><p><a href="/_mock/message/${mid}/raw">Raw MIME</a></p></details>`;
  return page(ctx, m.subject, m.folder, content, { 'message-id': mid, folder: m.folder, unread: String(!m.isRead) });
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
