// The roster file is found from the app root (where package.json sits), whatever the working
// directory: the Functions worker in Azure does not promise to start in the package root.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoot, FileRoster } from './roster.js';

const member = { aadObjectId: 'a-1', name: 'Ana', email: 'ana@example.test', role: 'agent', categories: [] };
const dirs: string[] = [];
const cwd = process.cwd();

afterEach(() => {
  process.chdir(cwd);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A deployed package: package.json and roster.json at the root, the code under dist/shared. */
function deployedPackage(): { root: string; code: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'studyflash-package-'));
  dirs.push(root);
  const code = path.join(root, 'dist', 'shared');
  mkdirSync(code, { recursive: true });
  writeFileSync(path.join(root, 'package.json'), '{"name":"app"}');
  writeFileSync(path.join(root, 'roster.json'), JSON.stringify({ members: [member] }));
  return { root, code };
}

describe('roster file location', () => {
  it('the app root is the nearest directory above the code that holds package.json', () => {
    const { root, code } = deployedPackage();
    expect(appRoot(code)).toBe(root);
  });

  it('a relative ROSTER_PATH is read from the app root even when the working directory is elsewhere', async () => {
    const { root, code } = deployedPackage();
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'studyflash-cwd-'));
    dirs.push(elsewhere);
    process.chdir(elsewhere);
    const members = await new FileRoster('roster.json', appRoot(code)).members();
    expect(members.map((m) => m.email)).toEqual(['ana@example.test']);
    expect(root).not.toBe(process.cwd());
  });

  it("the default roster path works from the repository's own root", async () => {
    process.chdir(os.tmpdir());
    expect((await new FileRoster('dev/roster.json').members()).length).toBeGreaterThan(0);
  });

  it('a missing roster names the absolute path it looked at', async () => {
    const { root, code } = deployedPackage();
    await expect(new FileRoster('missing.json', appRoot(code)).members()).rejects.toThrow(path.join(root, 'missing.json'));
  });
});
