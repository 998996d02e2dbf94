// Who is an agent or a lead and which categories each agent takes: data, not code (docs/architecture.md#roster-and-outlook-categories).
// Locally dev/roster.json; in Azure the same JSON file deployed with the app (ROSTER_PATH).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CATEGORIES } from './domain.js';
import { AppError } from './errors.js';
import type { Roster, RosterMember } from './ports.js';

export const rosterSchema = z.object({
  members: z
    .array(
      z.object({
        aadObjectId: z.string().min(1),
        name: z.string().min(1),
        email: z.string().email(),
        role: z.enum(['agent', 'lead']),
        categories: z.array(z.enum(CATEGORIES)).default([]),
      }),
    )
    .min(1),
});

export function parseRoster(json: unknown, source = 'roster'): RosterMember[] {
  const r = rosterSchema.safeParse(json);
  if (!r.success) throw new AppError('config', `${source}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data.members;
}

export class StaticRoster implements Roster {
  constructor(private readonly list: RosterMember[]) {}
  async members(): Promise<RosterMember[]> {
    return this.list.map((m) => ({ ...m, categories: [...m.categories] }));
  }
}

/** Reads the roster file once (relative paths from the working directory: the app root). */
export class FileRoster implements Roster {
  private loaded: Promise<RosterMember[]> | null = null;
  constructor(private readonly file: string) {}

  members(): Promise<RosterMember[]> {
    if (!this.loaded) {
      const file = path.resolve(this.file);
      this.loaded = readFile(file, 'utf8')
        .then((text) => parseRoster(JSON.parse(text) as unknown, file))
        .catch((err: unknown) => {
          this.loaded = null;
          throw err instanceof AppError ? err : new AppError('config', `roster ${file}: ${(err as Error).message}`, { cause: err });
        });
    }
    return this.loaded;
  }
}
