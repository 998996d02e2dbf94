// What "no markup injected into a card" means, as one checker: a rendered ticket card must carry no
// template expression, no script or script URL, no link except to our own sources, no action but
// ours (Action.Execute with a known verb for this ticket), no mention entities, no bidi overrides,
// and must stay under the size Teams accepts. Used on cards rendered from hostile mail.
import { CARD_MAX_BYTES } from '../../bot/cards.js';
import type { Ticket } from '../../shared/domain.js';
import { CARD_VERBS } from '../../shared/teams/authorize.js';

/** Hosts a card may link to besides the ticket's own enrichment sources (the card schema URL). */
const ALWAYS_ALLOWED = new Set(['adaptivecards.io']);
const ACTIONS_ALLOWED = new Set(['Action.Execute', 'Action.ShowCard', 'Action.ToggleVisibility', 'Action.OpenUrl']);
const URL_KEYS = new Set(['url', 'iconUrl', 'backgroundImage', '$schema']);
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
// HTML that a markdown renderer could pass through: allowed only escaped (\<script). Literal-text
// elements (TextRun) may show what a customer typed, e.g. "<script>", as the text it is.
const SCRIPT_TAG = /(?<!\\)<\s*(?:script|iframe|object|embed|svg|img|a)\b/i;
const SCRIPT_SCHEME = /^\s*(?:javascript|vbscript|data|file)\s*:/i;
// An unescaped markdown link or image: [text](target) / ![alt](target).
const MD_LINK = /(?<!\\)!?\[(?:[^\]\\]|\\.)*(?<!\\)\]\((?!\\)([^)\s]*)/g;
const BARE_URL = /\b(?:https?|ftp|file):\/\/([^/\s)\]"'<>?#]+)/gi;

function hostOf(u: string): string | null {
  try {
    return new URL(u).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function allowedHosts(ticket: Ticket): Set<string> {
  const hosts = new Set(ALWAYS_ALLOWED);
  const links = [...(ticket.enrichment?.errors ?? []).map((e) => e.link), ...(ticket.enrichment?.recordings?.links ?? [])];
  for (const l of links) {
    const h = l ? hostOf(l) : null;
    if (h) hosts.add(h);
  }
  return hosts;
}

function hostAllowed(host: string, allowed: Set<string>): boolean {
  const h = host.toLowerCase();
  return [...allowed].some((a) => h === a || h.endsWith(`.${a}`));
}

/** Every problem found in `card` (empty = safe). */
/** Text of a card: every string in it, for "this must not appear anywhere" checks. */
export function cardText(card: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (typeof n === 'string') out.push(n);
    else if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') Object.values(n).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}

export function cardProblems(card: Record<string, unknown>, ticket: Ticket): string[] {
  const problems: string[] = [];
  const allowed = allowedHosts(ticket);
  const json = JSON.stringify(card);
  if (json.includes('${')) problems.push('a template expression "${…}" survived into the card');
  if (Buffer.byteLength(json, 'utf8') > CARD_MAX_BYTES) problems.push(`card is ${Buffer.byteLength(json, 'utf8')} bytes (limit ${CARD_MAX_BYTES})`);

  // `markdown`: the string is shown by an element that renders markdown (TextBlock, FactSet);
  // TextRun and input values show text literally, so only script markup and URLs matter there.
  const walk = (node: unknown, key: string, path: string, markdown: boolean): void => {
    if (typeof node === 'string') {
      if (markdown && SCRIPT_TAG.test(node)) problems.push(`${path}: unescaped HTML markup ${JSON.stringify(node.match(SCRIPT_TAG)?.[0])}`);
      if (BIDI_CONTROLS.test(node)) problems.push(`${path}: bidi override/isolate characters`);
      if (URL_KEYS.has(key)) {
        const h = hostOf(node);
        if (SCRIPT_SCHEME.test(node) || !h || !/^https?:$/.test(new URL(node).protocol) || !hostAllowed(h, allowed)) problems.push(`${path}: link to ${node.slice(0, 80)}`);
        return;
      }
      if (!markdown) {
        for (const m of node.matchAll(BARE_URL)) if (!hostAllowed(m[1] ?? '', allowed)) problems.push(`${path}: clickable URL to ${m[0].slice(0, 80)}`);
        return;
      }
      for (const m of node.matchAll(MD_LINK)) {
        const target = m[1] ?? '';
        const h = hostOf(target);
        if (!h || !hostAllowed(h, allowed)) problems.push(`${path}: markdown link to ${target.slice(0, 80) || '(empty)'}`);
      }
      for (const m of node.matchAll(BARE_URL)) if (!hostAllowed(m[1] ?? '', allowed)) problems.push(`${path}: clickable URL to ${m[0].slice(0, 80)}`);
      if (/<at>/i.test(node)) problems.push(`${path}: <at> mention markup`);
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, key, `${path}[${i}]`, markdown));
      return;
    }
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.')) {
        if (!ACTIONS_ALLOWED.has(o.type)) problems.push(`${path}: action type ${o.type}`);
        if (o.type === 'Action.Execute') {
          const data = (o.data ?? {}) as Record<string, unknown>;
          if (!(CARD_VERBS as readonly string[]).includes(String(o.verb))) problems.push(`${path}: unknown verb ${String(o.verb)}`);
          if (data.ticketId !== ticket.id) problems.push(`${path}: action for ticket ${String(data.ticketId)} on the card of ${ticket.id}`);
        }
      }
      if ('entities' in o) problems.push(`${path}: mention entities`);
      const md = o.type === 'TextBlock' || o.type === 'FactSet' || (o.type === undefined && markdown);
      for (const [k, v] of Object.entries(o)) walk(v, k, `${path}.${k}`, md && (k === 'text' || k === 'facts' || k === 'title' || k === 'value'));
    }
  };
  walk(card, '', '$', false);
  return problems;
}
