// Reads the labelled sample tickets (tickets/*.eml + tickets/labels.jsonl) for training and
// cross-validation, and fingerprints them so a stale model.json is noticed.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CATEGORIES, type InboundMail } from '../../domain.js';
import { parseEml } from '../../mail/parse.js';

export const LabelSchema = z.object({
  file: z.string(),
  language: z.string(),
  category: z.enum(CATEGORIES),
  notes: z.string().optional(),
  followUpOf: z.string().optional(),
  autoReply: z.boolean().optional(),
});
export type Label = z.infer<typeof LabelSchema>;

export interface CorpusMail extends Label {
  mail: InboundMail;
  /** The first mail of its thread: folds keep a thread together. */
  thread: string;
}

export async function readLabels(dir: string): Promise<Label[]> {
  const raw = await readFile(path.join(dir, 'labels.jsonl'), 'utf8');
  return raw
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = LabelSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`labels.jsonl line ${i + 1}: ${parsed.error.issues.map((x) => x.message).join('; ')}`);
      return parsed.data;
    });
}

/** sha256 over labels.jsonl and every .eml, in file-name order. */
export async function corpusHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(path.join(dir, 'labels.jsonl')));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  for (const f of files) {
    hash.update(f);
    hash.update(await readFile(path.join(dir, f)));
  }
  return hash.digest('hex');
}

/** Labelled mails; auto-replies are left out (the pipeline skips them before analysis). */
export async function loadCorpus(dir: string, options: { includeAutoReplies?: boolean } = {}): Promise<CorpusMail[]> {
  const labels = await readLabels(dir);
  const byFile = new Map(labels.map((l) => [l.file, l]));
  const rootOf = (label: Label): string => {
    let current = label;
    for (let hops = 0; current.followUpOf && hops < 20; hops++) current = byFile.get(current.followUpOf) ?? current;
    return current.file;
  };
  const out: CorpusMail[] = [];
  for (const label of labels) {
    if (label.autoReply && !options.includeAutoReplies) continue;
    const mail = await parseEml(await readFile(path.join(dir, label.file)), label.file);
    out.push({ ...label, mail, thread: rootOf(label) });
  }
  return out;
}
