// The Outlook ticket pane (read mode). Office.js gives the open message; msal-browser's nested app
// authentication gets the agent's token for our API from Outlook (no sign-in page); the API decides
// everything (what is shown, which actions). Data only ever reaches the page as text nodes.
/* global Office, msal */

const app = document.getElementById('app');
let config = null;
let pca = null;
let current = { restId: null, mailbox: undefined };
let loadSeq = 0;

// ---------- small DOM helpers (text only, never innerHTML) ----------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
const show = (...nodes) => app.replaceChildren(...nodes);
const safeLink = (href, text) => (/^https?:\/\//i.test(href) ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text) : h('span', {}, text));
const when = (iso) => {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};
const dl = (rows) => h('dl', { class: 'facts' }, rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
const section = (title, ...body) => h('section', { class: 'block' }, h('h2', {}, title), ...body);
const notice = (text, kind = 'info') => h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);

// ---------- theme: Outlook's colours when it gives them (Mailbox 1.14), else the OS preference ----------
function luminance(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex ?? '');
  if (!m) return null;
  const n = parseInt(m[1], 16);
  return (0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255)) / 255;
}
function applyTheme() {
  const t = Office?.context?.officeTheme;
  const root = document.documentElement;
  if (!t || !t.bodyBackgroundColor) return;
  root.style.setProperty('--bg', t.bodyBackgroundColor);
  if (t.bodyForegroundColor) root.style.setProperty('--fg', t.bodyForegroundColor);
  if (t.controlBackgroundColor) root.style.setProperty('--control-bg', t.controlBackgroundColor);
  if (t.controlForegroundColor) root.style.setProperty('--control-fg', t.controlForegroundColor);
  const l = luminance(t.bodyBackgroundColor);
  root.dataset.theme = l !== null && l < 0.5 ? 'dark' : 'light';
}

// ---------- sign-in (nested app auth) ----------
async function getToken(forceInteractive = false, claims) {
  const request = { scopes: [config.scope], ...(claims ? { claims } : {}) };
  if (!forceInteractive) {
    try {
      return (await pca.acquireTokenSilent(request)).accessToken;
    } catch (err) {
      if (!(err instanceof msal.InteractionRequiredAuthError)) throw err;
    }
  }
  return (await pca.acquireTokenPopup(request)).accessToken;
}

async function api(path, init = {}, retried = false) {
  const token = await getToken(retried);
  const res = await fetch(path, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}`, accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  // One fresh sign-in for an expired token or a claims challenge, then give up with the server's words.
  if (res.status === 401 && !retried && body.error !== 'consent_required') return api(path, init, true);
  return { status: res.status, body };
}

// ---------- the open message ----------
function openMessage() {
  const mailbox = Office.context.mailbox;
  const item = mailbox.item;
  if (!item || !item.itemId) return Promise.resolve(null);
  const restId = mailbox.convertToRestId(item.itemId, Office.MailboxEnums.RestVersion.v2_0);
  // In a shared mailbox Outlook tells whose mailbox the item is in (Mailbox 1.8+); elsewhere it fails.
  if (typeof item.getSharedPropertiesAsync !== 'function') return Promise.resolve({ restId, mailbox: undefined });
  return new Promise((resolve) => {
    item.getSharedPropertiesAsync((r) => resolve({ restId, mailbox: r && r.status === 'succeeded' && r.value ? r.value.owner : undefined }));
  });
}

async function load(message) {
  const seq = ++loadSeq;
  if (!message) return show(h('p', { class: 'muted' }, 'Select a message to see its ticket.'));
  current = message;
  show(h('p', { class: 'muted' }, 'Loading the ticket…'));
  const q = new URLSearchParams({ messageId: message.restId });
  if (message.mailbox) q.set('mailbox', message.mailbox);
  let r;
  try {
    r = await api(`/api/pane/ticket?${q}`);
  } catch (err) {
    if (seq === loadSeq) show(notice(`Could not sign you in: ${err?.message ?? err}`, 'error'));
    return;
  }
  if (seq !== loadSeq) return; // another message was selected meanwhile
  render(r);
}

function render(r, flash) {
  if (r.status !== 200) return show(errorView(r));
  const view = r.body;
  if (view.kind === 'not-a-ticket') {
    return show(h('div', { class: `empty reason-${view.reason}`, 'data-kind': 'not-a-ticket', 'data-reason': view.reason }, h('h1', {}, 'Not a ticket'), h('p', {}, view.message), viewerLine(view.viewer)));
  }
  show(ticketView(view, flash));
}

function errorView(r) {
  const msg = r.body?.message ?? `The ticket service answered ${r.status}.`;
  const title = r.status === 401 ? 'Sign-in needed' : r.status === 403 ? 'No access' : r.status === 404 ? 'Not found' : 'Something went wrong';
  return h('div', { class: 'empty', 'data-kind': 'error', 'data-status': r.status }, h('h1', {}, title), notice(msg, 'error'));
}

function viewerLine(v) {
  if (!v) return null;
  return h('p', { class: v.onRoster ? 'viewer muted' : 'viewer muted readonly', 'data-on-roster': String(v.onRoster), 'data-field': v.onRoster ? undefined : 'read-only' },
    v.onRoster ? `Signed in as ${v.name} (${v.role})` : `Signed in as ${v.name || 'someone'} — not on the support roster, so this is a read-only view.`);
}

const STATUS_TEXT = { processing: 'processing', open: 'open', assigned: 'assigned', sending: 'sending', sent: 'answered', 'send-failed': 'send failed', failed: 'failed', resolved: 'resolved' };

function ticketView(view, flash) {
  const t = view.ticket;
  const c = t.customer;
  const pct = Math.round((t.confidence ?? 0) * 100);
  return h('article', { class: 'ticket', 'data-kind': 'ticket', 'data-ticket-id': t.id },
    h('header', { class: 'head' },
      h('div', { class: 'chips' },
        h('span', { class: `chip status status-${t.status}`, 'data-field': 'status' }, STATUS_TEXT[t.status] ?? t.status),
        h('span', { class: `chip cat cat-${t.category}`, 'data-field': 'category' }, t.category),
        h('span', { class: 'chip', 'data-field': 'confidence', title: 'confidence' }, `${pct} %`),
        h('span', { class: 'chip', 'data-field': 'language', title: 'language' }, (t.language || 'und').toUpperCase()),
        t.needsTriage ? h('span', { class: 'chip warn' }, 'needs triage') : null),
      h('h1', {}, t.subject || '(no subject)'),
      h('p', { class: 'assignee', 'data-field': 'assignee' }, t.assignee ? `Owner: ${t.assignee.name}` : t.suggestedAssignee ? `Unclaimed (suggested: ${t.suggestedAssignee.name})` : 'Unclaimed')),
    flash ? notice(flash) : null,
    view.notice ? notice(view.notice) : null,
    t.lastError ? notice(t.lastError, 'error') : null,
    actionsView(view),
    viewerLine(view.viewer),
    section('Summary', h('p', {}, t.summary || '—')),
    t.resolution ? section('Resolution', dl([['Reason', t.resolution.reason], ['By', t.resolution.by], ['Via', t.resolution.via], ['When', when(t.resolution.at)]])) : null,
    section('Customer',
      h('div', { 'data-field': 'customer' }, dl([
        ['E-mail', c.email], ['Name', c.name], ['Plan', c.plan], ['Account', c.accountState], ['Store', c.store],
        ['Renewal', c.renewalDate], ['Signed up', c.signupDate], ['Country', c.country],
      ])),
      c.plan || c.accountState ? null : h('p', { class: 'muted' }, 'No account found for this address.')),
    section(`Sentry issues (${c.errors.length})`,
      c.errors.length ? h('ul', { class: 'links' }, c.errors.map((e) => h('li', {}, safeLink(e.link, e.title), h('span', { class: 'muted' }, ` · ${e.count}× · ${when(e.lastSeen)}`)))) : h('p', { class: 'muted' }, 'No recent errors.')),
    section(`PostHog recordings (${c.recordings.count})`,
      c.recordings.links.length ? h('ul', { class: 'links' }, c.recordings.links.map((l, i) => h('li', {}, safeLink(l, `Recording ${i + 1}`)))) : h('p', { class: 'muted' }, 'No recordings.')),
    h('details', { class: 'block', open: true }, h('summary', {}, 'English translation'), h('p', { class: 'strong' }, t.translatedSubject), h('p', { class: 'pre' }, t.translatedBody)),
    t.hasDraft ? h('details', { class: 'block' }, h('summary', {}, 'Reply draft (edit it in Outlook)'), h('p', { class: 'pre' }, t.draft)) : null,
    t.corrections.length ? section('Corrections', h('ul', { class: 'history' }, t.corrections.map((x) => h('li', {}, `${x.field}: ${x.from} → ${x.to}`, h('span', { class: 'muted' }, ` · ${x.by ?? ''}${x.via ? ` via ${x.via}` : ''} ${when(x.at)}`))))) : null,
    section('History', h('ol', { class: 'history', 'data-field': 'history' }, t.history.slice().reverse().map((a) => h('li', {}, `${a.action}${a.by ? ` by ${a.by.name}` : ''}${a.detail ? ` (${a.detail})` : ''}`, h('span', { class: 'muted' }, ` · ${when(a.at)}`))))),
  );
}

const CONFIRM = { approve: 'Click again to send the reply', resolve: 'Click again to resolve' };

function actionsView(view) {
  if (!view.actions.length) return null;
  const box = h('div', { class: 'actions', 'data-field': 'actions' });
  for (const a of view.actions) {
    const inputs = {};
    const controls = a.inputs.map((inp) => {
      const id = `in-${a.verb}-${inp.id}`;
      const control = inp.kind === 'choice'
        ? h('select', { id, name: inp.id }, inp.choices.map((ch) => h('option', { value: ch.value, selected: ch.value === view.ticket.category }, ch.title)))
        : h('input', { id, name: inp.id, type: 'text', maxlength: '500', placeholder: inp.label });
      inputs[inp.id] = control;
      return h('label', { for: id, class: 'input' }, h('span', {}, inp.label), control);
    });
    const button = h('button', { type: 'button', class: a.verb === 'claim' || a.verb === 'approve' ? 'primary' : '', 'data-verb': a.verb }, a.label);
    // Sending mail and closing a ticket cannot be undone: those take a second click within 5 s.
    let armed = null;
    button.addEventListener('click', () => {
      if (CONFIRM[a.verb] && !armed) {
        button.textContent = CONFIRM[a.verb];
        armed = setTimeout(() => { armed = null; button.textContent = a.label; }, 5000);
        return;
      }
      clearTimeout(armed);
      act(view.ticket.id, a.verb, Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value])), box);
    });
    box.append(h('div', { class: 'action' }, ...controls, button));
  }
  return box;
}

async function act(ticketId, verb, inputs, box) {
  for (const b of box.querySelectorAll('button')) b.disabled = true;
  let r;
  try {
    r = await api('/api/pane/actions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verb, ticketId, ...inputs }) });
  } catch (err) {
    r = { status: 0, body: { message: `Could not reach the ticket service: ${err?.message ?? err}` } };
  }
  if (r.status === 200) return render(r);
  // Refused or failed: say why, then show the ticket as it is now.
  const why = r.body?.message ?? `The action failed (${r.status}).`;
  const fresh = await api(`/api/pane/ticket?${new URLSearchParams({ messageId: current.restId, ...(current.mailbox ? { mailbox: current.mailbox } : {}) })}`).catch(() => null);
  if (fresh && fresh.status === 200) {
    render(fresh);
    app.querySelector('.ticket')?.prepend(notice(why, 'error'));
  } else show(notice(why, 'error'));
}

// ---------- start ----------
async function start() {
  await Office.onReady();
  applyTheme();
  if (!Office.context?.mailbox) return show(h('div', { class: 'empty' }, h('h1', {}, 'Open this pane in Outlook'), h('p', {}, 'The ticket pane works inside Outlook, next to a message of the support mailbox.')));
  try {
    config = await (await fetch('/api/pane/config')).json();
    pca = await msal.createNestablePublicClientApplication({ auth: { clientId: config.clientId, authority: config.authority } });
  } catch (err) {
    return show(notice(`The pane could not start: ${err?.message ?? err}`, 'error'));
  }
  // A pinned pane follows the selection (the item may be null when nothing is selected).
  Office.context.mailbox.addHandlerAsync?.(Office.EventType.ItemChanged, () => openMessage().then(load));
  if (Office.EventType.OfficeThemeChanged) Office.context.mailbox.addHandlerAsync?.(Office.EventType.OfficeThemeChanged, applyTheme);
  await load(await openMessage());
}

start();
