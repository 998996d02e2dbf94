// The team's own labels as training data. A category a person set on a ticket (on the card, in
// the Outlook pane or by replacing the category in Outlook) is a label for real mail the product
// receives — the mail the hand-written sets can only imitate. This turns such tickets into a
// labelled set in the fixtures' format (one JSON object per line), which training reads from
// fixtures/corrections-*.jsonl like any other set:
//   npm run corrections -- --out shared/ai/offline/fixtures/corrections-2026-12.jsonl
//
// What a row holds: the first message's subject and text, the sender's display name (never the
// address), the ticket's language and the category the person chose. Mail text is customer data:
// the file belongs where the team keeps customer mail, not in logs or a public repository.
import type { Mailbox, TicketStore } from '../../ports.js';
import type { Ticket } from '../../domain.js';
import { AppError } from '../../errors.js';
import type { Unseen } from './fixtures.js';

export interface LabelOptions {
  /** Only tickets created on or after this instant (ISO 8601). */
  since?: string;
  /**
   * Also tickets a person answered without changing the category: the category stood when someone
   * read the mail and replied. A weaker label than a correction (nobody may have looked twice), so
   * off unless asked for.
   */
  answered?: boolean;
}

export interface LabelledExport {
  rows: Unseen[];
  corrected: number;
  answered: number;
  /** Tickets that qualified but could not be exported, with the reason. */
  skipped: { ticketId: string; reason: string }[];
}

/** Why a ticket carries a person's label, or null when it carries none. */
export function labelSource(t: Ticket, opts: Pick<LabelOptions, 'answered'> = {}): 'corrected' | 'answered' | null {
  // Every recorded correction is a person's: the product never records its own writes as one (a
  // category replaced in Outlook carries no name, Graph does not say who).
  if (t.corrections.some((c) => c.field === 'category')) return 'corrected';
  if (opts.answered && t.firstResponseAt && (t.repliedVia === 'card' || t.repliedVia === 'outlook')) return 'answered';
  return null;
}

function note(t: Ticket, source: 'corrected' | 'answered'): string {
  if (source === 'answered') return `answered as ${t.category} (${t.repliedVia})`;
  const first = t.corrections.find((c) => c.field === 'category');
  return `corrected ${first?.from ?? '?'} → ${t.category} (${first?.via ?? '?'})`;
}

/** The labelled rows for every ticket a person labelled, reading each first message from the mailbox. */
export async function labelledFromTickets(store: Pick<TicketStore, 'list'>, mailbox: Pick<Mailbox, 'getMessage'>, opts: LabelOptions = {}): Promise<LabelledExport> {
  const out: LabelledExport = { rows: [], corrected: 0, answered: 0, skipped: [] };
  const since = opts.since ? Date.parse(opts.since) : Number.NEGATIVE_INFINITY;
  const tickets = (await store.list()).filter((t) => Date.parse(t.createdAt) >= since).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  for (const t of tickets) {
    const source = labelSource(t, opts);
    if (!source) continue;
    let message;
    try {
      message = await mailbox.getMessage(t.messageId);
    } catch (err) {
      // A message deleted since is simply gone; anything else (throttling, an outage) fails the export.
      if (err instanceof AppError && err.kind === 'not-found') {
        out.skipped.push({ ticketId: t.id, reason: 'the message is no longer in the mailbox' });
        continue;
      }
      throw err;
    }
    if (!message.text.trim() && !message.subject.trim()) {
      out.skipped.push({ ticketId: t.id, reason: 'the message has no text' });
      continue;
    }
    out.rows.push({ id: `corr-${t.id}`, language: t.language, category: t.category, from: message.from.name ?? '', subject: message.subject, text: message.text, note: note(t, source) });
    out[source]++;
  }
  return out;
}
