// The Agents Playground's `.m365agentsplayground.yml` for the local world, generated from
// dev/roster.json so the Playground's users are the support team (schema 0.1.1: exactly five users,
// one channel besides General, `userPrincipleName` spelt as the schema spells it). YAML is a
// superset of JSON, so the file is written as JSON.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const LOCAL_TENANT_ID = '00000000-0000-0000-0000-000000000001';
export const LOCAL_TEAM_ID = '19:studyflash-support-team@thread.tacv2';
export const LOCAL_CHANNEL_ID = '19:support-channel@thread.tacv2';
export const LOCAL_BOT_ID = '28:studyflash-support-triage';

/** A tenant member who is not on the support roster (no role: cannot claim, approve or reassign). */
export const OUTSIDER = {
  id: '29:0d1e2f3a-4b5c-4d6e-8f70-8a9b0c1d2e99',
  name: 'Noah Weber',
  userPrincipleName: 'noah.weber@studyflash.test',
  aadObjectId: '0d1e2f3a-4b5c-4d6e-8f70-8a9b0c1d2e99',
  givenName: 'Noah',
  surname: 'Weber',
  email: 'noah.weber@studyflash.test',
};

const rosterSchema = z.object({
  members: z
    .array(z.object({ aadObjectId: z.string().min(1), name: z.string().min(1), email: z.string().email(), role: z.enum(['agent', 'lead']) }))
    .length(5, 'the Agents Playground takes exactly 5 users: dev/roster.json must list 5 members'),
});

export function playgroundConfig(rosterPath: string): Record<string, unknown> {
  const roster = rosterSchema.parse(JSON.parse(readFileSync(rosterPath, 'utf8')));
  const users = roster.members.map((m) => {
    const [givenName = m.name, ...rest] = m.name.split(' ');
    return { id: `29:${m.aadObjectId}`, name: m.name, userPrincipleName: m.email, aadObjectId: m.aadObjectId, givenName, surname: rest.join(' ') || givenName, email: m.email };
  });
  // The Playground UI acts as `currentUser`, who must not repeat in `users` (ids are unique) while
  // `users` needs exactly five: the UI user is the lead, the others the agents, and the remaining
  // seat goes to a colleague outside the roster, to try what someone without a role may do.
  const leadIndex = Math.max(0, roster.members.findIndex((m) => m.role === 'lead'));
  const others = users.filter((_, i) => i !== leadIndex);
  return {
    version: '0.1.1',
    tenantId: LOCAL_TENANT_ID,
    bot: { id: LOCAL_BOT_ID, name: 'Studyflash Support Triage' },
    currentUser: users[leadIndex],
    users: [...others, OUTSIDER],
    personalChat: { id: 'personal-chat-support-triage' },
    groupChat: { id: '19:support-group-chat@thread.v2', name: 'Support team chat' },
    team: { id: LOCAL_TEAM_ID, name: 'Studyflash Support', aadGroupId: '5a3f9c2e-0b7d-4e61-9f84-2c1d3e4f5a60', channels: [{ id: LOCAL_CHANNEL_ID, name: 'Support Tickets' }] },
  };
}

/** Writes the config into `dir` (the Playground reads it from its working directory); returns the file path. */
export function writePlaygroundConfig(dir: string, rosterPath: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, '.m365agentsplayground.yml');
  writeFileSync(file, `${JSON.stringify(playgroundConfig(rosterPath), null, 2)}\n`);
  return file;
}
