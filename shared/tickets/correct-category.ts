// A person corrects the ticket's category (on the card, in the pane, or in Outlook): the one use
// case both surfaces call. The correction is recorded; a ticket that still waits for a reply and
// that nobody holds is routed again for the new category, with a slot reserved under the routing
// load's ETag (given back if the write does not use it); `outlookPending` tells the Outlook sync
// that the message's categories are about to follow.
import type { Category, Person, Surface, Ticket } from '../domain.js';
import type { RosterMember, TicketStore } from '../ports.js';
import { routesAgain } from '../teams/authorize.js';
import { adjustLoad, releaseUnused, reserve } from './load.js';
import { pickMember } from './routing.js';
import { recategorize, updateTicket, type Updated } from './ticket.js';

export async function correctCategory(
  store: TicketStore,
  members: readonly RosterMember[],
  current: Ticket,
  change: { to: Category; by: Person | null; via: Surface; at: string },
  /** Decided again on every attempt (e.g. the card's authorisation); may throw. */
  check: (t: Ticket) => void = () => undefined,
): Promise<Updated> {
  const { to, by, via, at } = change;
  const pick = routesAgain(current)
    ? await reserve(store, (load) => {
        const m = pickMember(to, members, load);
        const p = m && { aadObjectId: m.aadObjectId, name: m.name };
        return { reserved: p && p.aadObjectId !== current.assignee?.aadObjectId ? p : null, person: p };
      })
    : null;
  let r: Updated;
  try {
    r = await updateTicket(
      store,
      current.id,
      (t) => {
        check(t);
        if (t.category === to) return null;
        const reroute = pick && routesAgain(t) ? { assignee: pick.person, suggestedAssignee: pick.person } : undefined;
        return { ...recategorize(t, to, by, via, at, reroute), outlookPending: { category: to, at } };
      },
      { reserved: pick?.reserved?.aadObjectId ?? null },
    );
  } catch (err) {
    if (pick?.reserved) await adjustLoad(store, { [pick.reserved.aadObjectId]: -1 });
    throw err;
  }
  await releaseUnused(store, pick?.reserved ?? null, r);
  return r;
}
