import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './cert.js';
import { OUTSIDER, playgroundConfig } from './playground-config.js';

type User = { id: string; aadObjectId: string; userPrincipleName: string };

describe('the Agents Playground config', () => {
  const rosterPath = path.join(REPO_ROOT, 'dev', 'roster.json');
  const roster = JSON.parse(readFileSync(rosterPath, 'utf8')) as { members: { email: string; role: string }[] };
  const cfg = playgroundConfig(rosterPath) as { currentUser: User; users: User[]; team: { channels: unknown[] } };

  it('fits the Playground schema: five users besides the UI user, unique ids, one extra channel', () => {
    expect(cfg.users).toHaveLength(5);
    const ids = [cfg.currentUser, ...cfg.users].map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cfg.team.channels).toHaveLength(1);
  });

  it('acts as the lead in the UI and seats every agent plus one colleague without a role', () => {
    expect(cfg.currentUser.userPrincipleName).toBe(roster.members.find((m) => m.role === 'lead')?.email);
    expect(cfg.users.map((u) => u.aadObjectId)).toContain(OUTSIDER.aadObjectId);
    expect(cfg.users.every((u) => u.id === `29:${u.aadObjectId}`)).toBe(true);
  });
});
