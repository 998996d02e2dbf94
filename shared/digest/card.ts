// The digest as an Adaptive Card 1.5 (full width). Customer text (subjects) is neutralised like on
// the ticket card. The chart is embedded as a PNG data URI: the card then needs no publicly
// reachable image host (a chart of the team's figures should not sit at an anonymous URL), it
// works offline in the Agents Playground and in government clouds, and Teams does not count
// base64 images towards the message size limit; the PNG is kept small all the same.
import { DateTime } from 'luxon';
import { md } from '../teams/text.js';
import { CATEGORIES, type Category, type TicketStatus } from '../domain.js';
import type { StatsReport } from '../stats/compute.js';
import type { DigestData } from './digest.js';

/** Card JSON without the image stays under this (Teams' documented limits range from 28 to 100 KB). */
export const DIGEST_MAX_BYTES = 25_000;
/** A larger chart is left out rather than risk the post (Teams has refused large data-URI cards). */
export const CHART_MAX_BYTES = 60_000;

export interface DigestCardOptions {
  chartPng: Buffer | null;
  timeZone: string;
  /** Adds the tenant to card links (Teams opens the right tenant). */
  tenantId?: string;
  /** Why there is no chart (when `chartPng` is null on purpose). */
  chartNote?: string;
}

const CATEGORY_LABEL: Record<Category, string> = { 'bug-report': 'Bug reports', 'refund-request': 'Refund requests', 'product-question': 'Product questions', other: 'Other' };
const STATUS_LABEL: Record<TicketStatus, string> = { processing: 'Processing', open: 'Unclaimed', assigned: 'Assigned', sending: 'Sending', sent: 'Answered', resolved: 'Resolved', 'send-failed': 'Send failed', failed: 'Needs manual handling' };

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);
const mins = (v: number | null) => (v === null ? '—' : v < 120 ? `${Math.round(v)} min` : `${(v / 60).toFixed(1)} h`);

/** A link that opens the ticket's card in its channel thread. */
export function cardLink(conversationId: string | null, activityId: string | null, tenantId?: string): string | null {
  if (!conversationId || !activityId) return null;
  const channel = conversationId.split(';')[0]!;
  const q = new URLSearchParams({ parentMessageId: activityId, ...(tenantId ? { tenantId } : {}) });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(channel)}/${encodeURIComponent(activityId)}?${q.toString()}`;
}

function facts(entries: [string, number | string][]): Record<string, unknown> {
  return { type: 'FactSet', spacing: 'Small', facts: entries.map(([title, value]) => ({ title, value: String(value) })) };
}

function column(title: string, items: Record<string, unknown>[]): Record<string, unknown> {
  return { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: title, weight: 'Bolder', size: 'Small', wrap: true }, ...items] };
}

function figures(r: StatsReport): [string, string][] {
  return [
    ['New tickets', String(r.tickets)],
    ['First reply (median / p90)', `${mins(r.firstResponseBusinessMinutes.p50)} / ${mins(r.firstResponseBusinessMinutes.p90)}`],
    ['Answered within target', pct(r.withinTarget)],
    ['AI draft kept / edited / rewritten', `${pct(r.draftAcceptance.unchanged)} / ${pct(r.draftAcceptance.edited)} / ${pct(r.draftAcceptance.rewritten)}`],
    ['Reassigned', pct(r.reassignmentRate)],
    ['Auto-routing precision', `${pct(r.autoRouting.precision)} of ${r.autoRouting.routed}`],
    ['Needs triage', pct(r.needsTriageRate)],
    ['Closed without reply', String(r.resolvedWithoutReply)],
  ];
}

export function renderDigestCard(d: DigestData, opts: DigestCardOptions): { card: Record<string, unknown>; bytes: number; chartBytes: number } {
  const local = (iso: string, fmt: string) => DateTime.fromISO(iso, { zone: opts.timeZone }).toFormat(fmt);
  const title = `Support digest · ${DateTime.fromISO(d.date, { zone: opts.timeZone }).toFormat('cccc d LLLL')}`;
  const attention = d.attention.map((a) => {
    const link = cardLink(a.cardConversationId, a.cardActivityId, opts.tenantId);
    const tag = a.late ? '🔴 Late' : '🟡 Unclaimed';
    const who = a.assignee ? ` · ${md(a.assignee)}` : '';
    const subject = md((a.subject || '(no subject)').slice(0, 90));
    return { type: 'TextBlock', wrap: true, spacing: 'Small', text: `${tag} · ${CATEGORY_LABEL[a.category]} · ${link ? `[${subject}](${link})` : subject} · received ${local(a.receivedAt, 'ccc d LLL HH:mm')}${who}` };
  });
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Large', wrap: true },
    { type: 'TextBlock', text: `${d.open.total} open ticket${d.open.total === 1 ? '' : 's'} · ${d.attentionTotal} need${d.attentionTotal === 1 ? 's' : ''} attention`, isSubtle: true, spacing: 'None', wrap: true },
    {
      type: 'ColumnSet',
      spacing: 'Medium',
      columns: [
        column('By status', [facts(Object.entries(d.open.byStatus).map(([s, n]) => [STATUS_LABEL[s as TicketStatus], n]))]),
        column('By category', [facts(CATEGORIES.filter((c) => d.open.byCategory[c]).map((c) => [CATEGORY_LABEL[c], d.open.byCategory[c]!]))]),
        column('By language', [facts(Object.entries(d.open.byLanguage).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([l, n]) => [md(l), n]))]),
      ],
    },
    { type: 'TextBlock', text: 'Needs attention (oldest first)', weight: 'Bolder', spacing: 'Medium', wrap: true },
    // The team's business time zone, named: the ticket cards show UTC.
    ...(attention.length ? [{ type: 'TextBlock', text: `Times in ${opts.timeZone}`, isSubtle: true, spacing: 'None', wrap: true }] : []),
    ...(attention.length ? attention : [{ type: 'TextBlock', text: 'Nothing is unclaimed or late. 🎉', wrap: true, spacing: 'Small' }]),
    ...(d.attentionTotal > d.attention.length ? [{ type: 'TextBlock', text: `…and ${d.attentionTotal - d.attention.length} more.`, isSubtle: true, wrap: true, spacing: 'Small' }] : []),
    {
      type: 'ColumnSet',
      spacing: 'Medium',
      separator: true,
      columns: [column(`Yesterday (${d.yesterday.from})`, [facts(figures(d.yesterday))]), column(`Last 7 days (${d.lastWeek.from} – ${d.lastWeek.to})`, [facts(figures(d.lastWeek))])],
    },
  ];
  const chartFits = !!opts.chartPng && opts.chartPng.length <= CHART_MAX_BYTES;
  const withoutImage: Record<string, unknown> = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    msteams: { width: 'Full' },
    body,
  };
  const bytes = Buffer.byteLength(JSON.stringify(withoutImage), 'utf8');
  if (!chartFits) {
    body.push({ type: 'TextBlock', text: opts.chartPng ? 'The chart was too large to include today.' : (opts.chartNote ?? 'The chart could not be drawn today.'), isSubtle: true, wrap: true });
    return { card: withoutImage, bytes, chartBytes: 0 };
  }
  const image = {
    type: 'Image',
    url: `data:image/png;base64,${opts.chartPng!.toString('base64')}`,
    altText: 'New tickets per day by category over 14 days, and the median first reply in business minutes',
    size: 'Stretch',
    spacing: 'Medium',
    msTeams: { allowExpand: true },
  };
  return { card: { ...withoutImage, body: [...body, image] }, bytes, chartBytes: opts.chartPng!.length };
}
