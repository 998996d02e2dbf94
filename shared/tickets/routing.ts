// Routing (docs/architecture.md#ticket-lifecycle): a confident ticket is assigned to an agent whose roster
// categories include its category, the one with the fewest open tickets; a ticket the triage
// policy holds is flagged needs-triage with that same pick as the suggested assignee.
import type { Analysis, Person } from '../domain.js';
import type { RosterMember } from '../ports.js';
import type { TriageDecision } from '../triage/policy.js';

export interface RoutingDecision {
  needsTriage: boolean;
  assignee: Person | null;
  suggestedAssignee: Person | null;
  /** Why a human must look first (stored on the ticket as triageReasons). */
  reasons: string[];
  /** One line for the ticket notes. */
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

/**
 * Whether a human looks first is the triage policy's call (shared/triage/policy.ts); routing only
 * adds that nobody may take the category, and picks the person either way.
 */
export function route(analysis: Pick<Analysis, 'category' | 'confidence'>, members: readonly RosterMember[], load: ReadonlyMap<string, number>, triage: TriageDecision): RoutingDecision {
  const pick = pickMember(analysis.category, members, load);
  const person = pick && { aadObjectId: pick.aadObjectId, name: pick.name };
  if (triage.needsTriage) return { needsTriage: true, assignee: null, suggestedAssignee: person, reasons: triage.reasons, reason: triage.reasons.join('; ') };
  if (!person) {
    const reason = `nobody in the roster takes ${analysis.category}`;
    return { needsTriage: true, assignee: null, suggestedAssignee: null, reasons: [reason], reason };
  }
  return { needsTriage: false, assignee: person, suggestedAssignee: person, reasons: [], reason: `confidence ${analysis.confidence.toFixed(2)}, no reason to hold` };
}
