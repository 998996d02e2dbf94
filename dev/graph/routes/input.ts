// Request bodies for message writes, validated once (zod). Graph's rules: unknown properties are a
// 400, read-only ones too, and some properties can change only while the message is a draft.
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { badRequest } from '../errors.js';
import { MESSAGE_PROPERTIES } from '../render.js';
import type { Attachment, ItemBody, Recipient } from '../store.js';

const emailAddress = z.object({
  address: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'not an email address'),
  name: z.string().optional(),
});
export const RecipientInput = z.object({ emailAddress }).transform((r): Recipient => ({
  emailAddress: { name: r.emailAddress.name ?? r.emailAddress.address, address: r.emailAddress.address },
}));
export const BodyInput = z.object({
  contentType: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(['html', 'text'])).default('text'),
  content: z.string(),
}).transform((b): ItemBody => b);
const AttachmentInput = z.object({
  '@odata.type': z.literal('#microsoft.graph.fileAttachment'),
  name: z.string().min(1),
  contentType: z.string().default('application/octet-stream'),
  contentBytes: z.string(),
  isInline: z.boolean().default(false),
  contentId: z.string().nullable().optional(),
}).transform((a): Attachment => {
  const content = Buffer.from(a.contentBytes, 'base64');
  return { id: randomBytes(12).toString('base64url'), name: a.name, contentType: a.contentType, size: content.length, isInline: a.isInline, contentId: a.contentId ?? null, content };
});

const DateTimeTimeZoneInput = z.object({
  dateTime: z.string().refine((v) => !Number.isNaN(Date.parse(v.endsWith('Z') ? v : `${v}Z`)), 'not a date-time'),
  timeZone: z.string().min(1),
}).strict();
/** followupFlag [FLAG]: a due date needs a start date (Graph answers 400 otherwise). */
export const FlagInput = z.object({
  flagStatus: z.enum(['notFlagged', 'flagged', 'complete']),
  completedDateTime: DateTimeTimeZoneInput.optional(),
  dueDateTime: DateTimeTimeZoneInput.optional(),
  startDateTime: DateTimeTimeZoneInput.optional(),
}).strict().refine((f) => !f.dueDateTime || f.startDateTime, { message: 'To set the due date, you must also specify the startDateTime', path: ['dueDateTime'] });

export const MessageInput = z.object({
  subject: z.string().optional(),
  body: BodyInput.optional(),
  toRecipients: z.array(RecipientInput).optional(),
  ccRecipients: z.array(RecipientInput).optional(),
  bccRecipients: z.array(RecipientInput).optional(),
  replyTo: z.array(RecipientInput).optional(),
  from: RecipientInput.optional(),
  sender: RecipientInput.optional(),
  categories: z.array(z.string().min(1)).optional(),
  isRead: z.boolean().optional(),
  importance: z.enum(['low', 'normal', 'high']).optional(),
  inferenceClassification: z.enum(['focused', 'other']).optional(),
  flag: FlagInput.optional(),
  internetMessageId: z.string().regex(/^<[^<>\s]+@[^<>\s]+>$/, 'must look like <id@domain>').optional(),
  attachments: z.array(AttachmentInput).optional(),
});
export type MessageInput = z.infer<typeof MessageInput>;

/** Properties that only a draft may change [UPD]. */
export const DRAFT_ONLY: ReadonlyArray<keyof MessageInput> = ['subject', 'body', 'replyTo', 'internetMessageId', 'from', 'sender', 'attachments'];
const WRITABLE = new Set<string>(Object.keys(MessageInput.shape));

export function zodMessage(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

/** Checks property names like Graph, then validates the values. */
export function parseMessageInput(raw: unknown): MessageInput {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('Empty Payload. JSON content expected.');
  const cleaned: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith('@odata')) continue;
    if (!WRITABLE.has(k)) {
      if ((MESSAGE_PROPERTIES as readonly string[]).includes(k)) throw badRequest(`The property '${k}' is read-only and cannot be set.`, 'ErrorInvalidPropertySet');
      throw badRequest(`The property '${k}' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    }
    cleaned[k] = v;
  }
  const parsed = MessageInput.safeParse(cleaned);
  if (!parsed.success) throw badRequest(`Invalid message: ${zodMessage(parsed.error)}`, 'ErrorInvalidRequest');
  return parsed.data;
}
