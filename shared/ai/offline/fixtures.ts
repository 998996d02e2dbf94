// The hand-written labelled sets (fixtures/*.jsonl): one mail per line with its language and
// category by docs/architecture.md#categories. Shared by training, evaluation and `npm run analyze -- --eval`.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CATEGORIES, type InboundMail } from '../../domain.js';

export const UNSEEN_PATH = fileURLToPath(new URL('./fixtures/unseen.jsonl', import.meta.url));

export const UnseenSchema = z.object({
  id: z.string(),
  language: z.string(),
  category: z.enum(CATEGORIES),
  from: z.string(),
  subject: z.string(),
  text: z.string(),
  note: z.string().optional(),
});
export type Unseen = z.infer<typeof UnseenSchema>;

export async function readUnseen(file = UNSEEN_PATH): Promise<Unseen[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = UnseenSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file} line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return parsed.data;
    });
}

export function unseenMail(u: Unseen): InboundMail {
  const address = `${u.from.toLowerCase().replace(/[^a-z]+/g, '.') || 'customer'}@example.com`;
  return { messageId: u.id, from: u.from ? { name: u.from, address } : { address }, subject: u.subject, text: u.text };
}
