// What about a mail itself calls for a human look, whatever the analyzer says: no body text at
// all, a body far longer than what is analysed, or a mass mailing. Such tickets go to needs-triage with the reason, and
// the analyzer only ever sees a bounded copy of the text.
import type { MailboxMessage } from '../ports.js';

/** Characters of body text handed to the analyzer; the rest stays in Outlook. */
export const MAX_ANALYSED_CHARS = 50_000;
/** More recipients than this besides the mailbox looks like a mass mailing, not a support request. */
export const MAX_RECIPIENTS = 20;

export function mailConcerns(mail: Pick<MailboxMessage, 'text' | 'to'>): string[] {
  const out: string[] = [];
  // Broken MIME, an image-only mail, an empty body: whatever the category, it rests on the subject.
  if (!/\p{L}/u.test(mail.text)) out.push('the mail has no readable body text; only the subject was analysed');
  if (mail.text.length > MAX_ANALYSED_CHARS) out.push(`very long mail (${mail.text.length} characters); only the first ${MAX_ANALYSED_CHARS} were analysed`);
  const recipients = mail.to?.length ?? 0;
  if (recipients > MAX_RECIPIENTS) out.push(`sent to ${recipients} recipients (a mass mailing); the draft answers the sender only`);
  return out;
}

/** The mail as the analyzer may see it: texts cut to MAX_ANALYSED_CHARS, recipients dropped. */
export function boundedForAnalysis<T extends Pick<MailboxMessage, 'text' | 'uniqueText' | 'to'>>(mail: T): T {
  return {
    ...mail,
    text: mail.text.slice(0, MAX_ANALYSED_CHARS),
    uniqueText: mail.uniqueText?.slice(0, MAX_ANALYSED_CHARS),
    to: mail.to?.slice(0, MAX_RECIPIENTS),
  };
}
