// Routing (docs/architecture.md#ticket-lifecycle): a confident ticket is assigned to an agent whose roster
// categories include its category, the one with the fewest open tickets; anything else is
// flagged needs-triage with that same pick as the suggested assignee.
import type { Analysis, Person, TicketStatus } from '../domain.js';
import type { RosterMember } from '../ports.js';

/** Statuses that count as someone's open work. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['processing', 'open', 'assigned', 'sending', 'send-failed'];

export interface RoutingDecision {
  needsTriage: boolean;
  assignee: Person | null;
  suggestedAssignee: Person | null;
  reason: string;
}

/**
 * The member to take a category: agents who take it, else leads who take it, else any lead.
 * Least open tickets wins; ties go to roster order, so the choice is deterministic.
 */
export function pickMember(category: Analysis['category'], members: readonly RosterMember[], load: ReadonlyMap<string, number>): RosterMember | null {
  const agents = members.filter((m) => m.role === 'agent' && m.categories.includes(category));
  const leads = members.filter((m) => m.role === 'lead' && m.categories.includes(category));
  const pool = agents.length ? agents : leads.length ? leads : members.filter((m) => m.role === 'lead');
  let best: RosterMember | null = null;
  for (const m of pool) if (!best || (load.get(m.aadObjectId) ?? 0) < (load.get(best.aadObjectId) ?? 0)) best = m;
  return best;
}

/** `concerns`: reasons from the mail itself (see anomalies.ts) that call for a human look. */
export function route(analysis: Analysis, members: readonly RosterMember[], load: ReadonlyMap<string, number>, threshold: number, concerns: readonly string[] = []): RoutingDecision {
  const pick = pickMember(analysis.category, members, load);
  const person = pick && { aadObjectId: pick.aadObjectId, name: pick.name };
  if (analysis.degraded) return { needsTriage: true, assignee: null, suggestedAssignee: person, reason: `analysis degraded: ${analysis.degraded}` };
  if (concerns.length) return { needsTriage: true, assignee: null, suggestedAssignee: person, reason: concerns.join('; ') };
  if (analysis.confidence < threshold) {
    return { needsTriage: true, assignee: null, suggestedAssignee: person, reason: `confidence ${analysis.confidence.toFixed(2)} below ${threshold}` };
  }
  if (!person) return { needsTriage: true, assignee: null, suggestedAssignee: null, reason: `nobody in the roster takes ${analysis.category}` };
  return { needsTriage: false, assignee: person, suggestedAssignee: person, reason: `confidence ${analysis.confidence.toFixed(2)} ≥ ${threshold}` };
}
