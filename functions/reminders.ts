// Timer (REMINDER_SCHEDULE): first-response reminders in the cards' threads, and the daily digest
// once it is due. Each part runs even if the other fails; the first failure is rethrown.
import { getServices, type Services } from './app.js';
import { postDailyDigest } from '../shared/digest/digest.js';
import { runReminders } from '../shared/time/reminders.js';
import type { TimerHandler } from './table.js';

export function remindersHandler(services: () => Services = getServices): TimerHandler {
  return async () => {
    const s = services();
    const [reminders, digest] = await Promise.allSettled([runReminders(s.reminderDeps()), postDailyDigest(s.digestDeps())]);
    if (reminders.status === 'rejected') throw reminders.reason;
    if (digest.status === 'rejected') throw digest.reason;
  };
}
