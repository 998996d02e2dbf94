// The Outlook categories the product owns on a ticket's message, and how they follow the ticket.
import { OUTLOOK_CATEGORIES, type Ticket } from '../domain.js';

const MANAGED_CATEGORIES: ReadonlySet<string> = new Set(OUTLOOK_CATEGORIES);

/** Whether a category name is one the product writes (the team's own categories are left alone). */
export const isManagedCategory = (name: string): boolean => MANAGED_CATEGORIES.has(name);

/** The message's categories after write-back: ours replace our old ones, the team's own stay. */
export function categoriesFor(ticket: Pick<Ticket, 'category' | 'needsTriage'>, existing: readonly string[]): string[] {
  const own = existing.filter((c) => !MANAGED_CATEGORIES.has(c));
  return [...own, ticket.category, ticket.needsTriage ? 'needs-triage' : 'high-confidence', 'ai-processed'];
}
