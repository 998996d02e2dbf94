// The Agents Playground's mock tenant (`.m365agentsplayground.yml`, schema 0.1.1) generated from
// dev/roster.json, so the people clicking cards in the local world are the roster's agents and lead.
// The Playground reads the file from its working directory: the world launcher spawns it with
// cwd = the directory passed to writePlaygroundConfig.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RosterMember } from '../../shared/ports.js';
import { CATEGORIES } from '../../shared/domain.js';

export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';
/** Tenant, team and bot ids of the local world; the bot sees these in every activity. */
export const PLAYGROUND_TENANT_ID = '00000000-0000-0000-0000-0000000000001';
export const PLAYGROUND_TEAM_ID = 'studyflash-support-team';
/** The Playground always adds General (id = team id) first; this is the one extra channel. */
export const PLAYGROUND_TRIAGE_CHANNEL = { id: '19:support-triage@thread.tacv2', name: 'Support triage' };
/** Someone in the team who is not on the roster: every card action of theirs is refused. */
export const PLAYGROUND_OUTSIDER = {
  aadObjectId: '0bad0bad-0000-4000-8000-00000000beef',
  name: 'Max Extern',
  email: 'max.extern@studyflash.test',
};

const rosterFile = z.object({
  members: z.array(
    z.object({
      aadObjectId: z.string().min(1),
      name: z.string().min(1),
      email: z.string().email(),
      role: z.enum(['agent', 'lead']),
      categories: z.array(z.enum(CATEGORIES)),
    }),
  ).min(1),
});

export async function readRosterFile(file: string): Promise<RosterMember[]> {
  return rosterFile.parse(JSON.parse(await readFile(file, 'utf8'))).members;
}

/** The Playground's user id doubles as the Teams MRI (`29:…`) the bot sees in `from.id`. */
export function playgroundUserId(aadObjectId: string): string {
  return `29:${aadObjectId}`;
}

interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string; // sic: the Playground's schema spells it this way
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

export interface PlaygroundConfig {
  version: '0.1.1';
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] };
}

function toUser(p: { aadObjectId: string; name: string; email: string }): PlaygroundUser {
  const [given, ...rest] = p.name.split(/\s+/);
  return {
    id: playgroundUserId(p.aadObjectId),
    name: p.name,
    userPrincipleName: p.email,
    aadObjectId: p.aadObjectId,
    givenName: given ?? p.name,
    surname: rest.join(' ') || (given ?? p.name),
    email: p.email,
  };
}

/**
 * The schema wants exactly five `users` besides `currentUser`: the other roster members, padded
 * with the outsider (and trimmed if the roster is larger, the current user's colleagues first).
 */
export function buildPlaygroundConfig(roster: RosterMember[], opts: { currentUser?: string; botName?: string } = {}): PlaygroundConfig {
  const current = roster.find((m) => m.aadObjectId === opts.currentUser) ?? roster.find((m) => m.role === 'agent') ?? roster[0];
  if (!current) throw new Error('The roster has no members; the Playground needs at least one user.');
  const others = roster.filter((m) => m.aadObjectId !== current.aadObjectId).map(toUser);
  const users = [...others, toUser(PLAYGROUND_OUTSIDER)];
  let pad = 1;
  while (users.length < 5) {
    users.push(toUser({ aadObjectId: `0bad0bad-0000-4000-8000-${String(pad).padStart(12, '0')}`, name: `Visitor ${pad}`, email: `visitor${pad}@studyflash.test` }));
    pad++;
  }
  return {
    version: '0.1.1',
    tenantId: PLAYGROUND_TENANT_ID,
    bot: { id: '28:studyflash-support-bot', name: (opts.botName ?? 'Studyflash Support').slice(0, 42) },
    currentUser: toUser(current),
    users: users.slice(0, 5),
    personalChat: { id: 'studyflash-personal-chat' },
    groupChat: { id: 'studyflash-group-chat', name: 'Support chat' },
    team: { id: PLAYGROUND_TEAM_ID, name: 'Studyflash Support', aadGroupId: '5a1e5a1e-0000-4000-8000-000000000031', channels: [PLAYGROUND_TRIAGE_CHANNEL] },
  };
}

/** Minimal YAML: every scalar is a JSON (double-quoted) string, which YAML reads verbatim. */
function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    return value.map((item) => {
      const body = toYaml(item, indent + '  ');
      return `${indent}- ${body.trimStart()}`;
    }).join('\n');
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => {
      if (v && typeof v === 'object') return `${indent}${k}:\n${toYaml(v, indent + '  ')}`;
      return `${indent}${k}: ${JSON.stringify(v)}`;
    }).join('\n');
  }
  return `${indent}${JSON.stringify(value)}`;
}

/** Writes `<dir>/.m365agentsplayground.yml`; returns its path. Spawn the Playground with cwd = dir. */
export async function writePlaygroundConfig(roster: RosterMember[], dir: string, opts: { currentUser?: string; botName?: string } = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, PLAYGROUND_CONFIG_FILE);
  await writeFile(file, `# Generated from dev/roster.json by dev/playground/config.ts; do not edit.\n${toYaml(buildPlaygroundConfig(roster, opts))}\n`, 'utf8');
  return file;
}
