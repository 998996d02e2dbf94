// Who is an agent or a lead and which categories each agent takes: data, not code (docs/architecture.md#roster-and-outlook-categories).
// Locally dev/roster.json; in Azure the same JSON file deployed with the app (ROSTER_PATH).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * The app's root: the nearest directory at or above `from` that holds package.json — the repository
 * locally (shared/roster.ts), the deployed package in Azure (dist/shared/roster.js, package.json at
 * the package root). The Functions worker's working directory is not guaranteed to be that root.
 */
export function appRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new AppError('config', `no package.json above ${from}: cannot tell the app root`);
  }
}

/** Reads the roster file once; a relative ROSTER_PATH is taken from the app root, not the working directory. */
export class FileRoster implements Roster {
  private loaded: Promise<RosterMember[]> | null = null;
  constructor(
    private readonly file: string,
    private readonly root: string = appRoot(),
  ) {}

  members(): Promise<RosterMember[]> {
    if (!this.loaded) {
      const file = path.resolve(this.root, this.file);
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
