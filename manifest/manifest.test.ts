// The Teams app package: template filled, Microsoft's schema passes, the zip holds exactly the
// manifest and icons at its root, the icons follow Teams' rules, and a broken manifest is refused.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppPackage, ManifestError, renderManifest, TEMPLATE_PATH, validateManifest, valuesFromEnv } from './build.js';
import type { ManifestValues } from './build.js';

let dir = '';
const values: ManifestValues = {
  appId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  botId: '11111111-2222-4333-8444-555555555555',
  version: '1.2.3',
  websiteUrl: 'https://studyflash.ch',
  privacyUrl: 'https://studyflash.ch/privacy',
  termsUrl: 'https://studyflash.ch/terms',
  accentColor: '#3B5BDB',
  paneUrl: 'https://triage-fn.azurewebsites.net/api/pane',
  paneHost: 'triage-fn.azurewebsites.net',
  paneClientId: '22222222-3333-4444-8555-666666666666',
  paneApiUri: 'api://triage-fn.azurewebsites.net/22222222-3333-4444-8555-666666666666',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'manifest-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Teams app package', () => {
  it('builds a package that passes the v1.22 schema, with manifest.json and both icons at the zip root', async () => {
    const out = path.join(dir, 'appPackage.zip');
    const { manifest } = await buildAppPackage(values, out);
    expect(await validateManifest(manifest)).toEqual([]);
    const zip = await JSZip.loadAsync(await readFile(out));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const inZip = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(inZip).toMatchObject({
      manifestVersion: '1.22', id: values.appId, version: '1.2.3',
      bots: [{ botId: values.botId, scopes: ['team', 'personal'] }],
      icons: { color: 'color.png', outline: 'outline.png' },
    });
    expect(JSON.stringify(inZip)).not.toContain('{{');
  });

  it('carries the Outlook add-in: a read-mode ticket pane on the reading pane button, minimal permissions, one SSO registration', async () => {
    const { manifest } = await buildAppPackage(values, path.join(dir, 'addin.zip'));
    expect(await validateManifest(manifest)).toEqual([]);
    const m = manifest as {
      extensions: { requirements: { scopes: string[] }; runtimes: { code: { page: string }; actions: { id: string; type: string; pinnable: boolean }[] }[]; ribbons: { contexts: string[]; tabs: { builtInTabId: string; groups: { icons: { size: number; url: string }[]; controls: { actionId: string }[] }[] }[] }[] }[];
      authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
      webApplicationInfo: { id: string; resource: string };
      validDomains: string[];
    };
    expect(m.extensions).toHaveLength(1);
    const ext = m.extensions[0]!;
    expect(ext.requirements.scopes).toEqual(['mail']);
    expect(ext.runtimes[0]!.code.page).toBe(values.paneUrl);
    expect(ext.runtimes[0]!.actions[0]).toMatchObject({ id: 'OpenTicketPane', type: 'openPage', pinnable: true });
    expect(ext.ribbons[0]!.contexts).toEqual(['mailRead']);
    const group = ext.ribbons[0]!.tabs[0]!.groups[0]!;
    expect(ext.ribbons[0]!.tabs[0]!.builtInTabId).toBe('TabDefault');
    expect(group.controls[0]!.actionId).toBe('OpenTicketPane');
    expect(group.icons.map((i) => i.size)).toEqual([16, 32, 80]);
    for (const i of group.icons) expect(i.url).toBe(`${values.paneUrl}/assets/icon-${i.size}.png`);
    // Read the open item and appear in the shared mailbox; nothing that writes.
    expect(m.authorization.permissions.resourceSpecific).toEqual([{ name: 'MailboxItem.Read.User', type: 'Delegated' }, { name: 'Mailbox.SharedFolder', type: 'Delegated' }]);
    expect(m.webApplicationInfo).toEqual({ id: values.paneClientId, resource: values.paneApiUri });
    expect(m.validDomains).toEqual([values.paneHost]);
  });

  it('the ribbon icons the pane serves are 16, 32 and 80 px', async () => {
    for (const size of [16, 32, 80]) {
      const png = PNG.sync.read(await readFile(path.join(path.dirname(TEMPLATE_PATH), '..', 'pane', `icon-${size}.png`)));
      expect([png.width, png.height]).toEqual([size, size]);
    }
  });

  it('a misspelt add-in key (builtInTabID, as in one docs example) is refused by the schema', async () => {
    const broken = path.join(dir, 'tab.template.json');
    await writeFile(broken, (await readFile(TEMPLATE_PATH, 'utf8')).replace('"builtInTabId"', '"builtInTabID"'));
    const err = await buildAppPackage(values, path.join(dir, 'tab.zip'), broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as ManifestError).problems.join('\n')).toMatch(/\/extensions\/0\/ribbons\/0\/tabs\/0 must NOT have additional properties/);
  });

  it('the colour icon is 192×192 and opaque; the outline icon is 32×32, white on transparent', async () => {
    const out = path.join(dir, 'icons.zip');
    await buildAppPackage(values, out);
    const zip = await JSZip.loadAsync(await readFile(out));
    const color = PNG.sync.read(await zip.file('color.png')!.async('nodebuffer'));
    const outline = PNG.sync.read(await zip.file('outline.png')!.async('nodebuffer'));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    for (let i = 0; i < color.data.length; i += 4) expect(color.data[i + 3]).toBe(255);
    let transparent = 0, drawn = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const a = outline.data[i + 3]!;
      if (a === 0) transparent++;
      else {
        drawn++;
        expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5); // mostly background
    expect(drawn).toBeGreaterThan(50); // and an actual outline
    expect(outline.data[3]).toBe(0); // corner
  });

  it('an invalid manifest is refused with the schema\'s message and no package is written', async () => {
    const broken = path.join(dir, 'broken.template.json');
    const text = (await readFile(TEMPLATE_PATH, 'utf8')).replace('"scopes": ["team", "personal"]', '"scopes": ["team", "channel"]');
    await writeFile(broken, text);
    const out = path.join(dir, 'broken.zip');
    const err = await buildAppPackage(values, out, broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as ManifestError).problems.join('\n')).toMatch(/\/bots\/0\/scopes\/1 must be equal to one of the allowed values/);
    await expect(readFile(out)).rejects.toThrow();
  });

  it('bad values from the environment are reported by name; production needs a real bot id', async () => {
    await expect(valuesFromEnv({ TEAMS_APP_ID: 'not-a-guid', BOT_APP_ID: values.botId })).rejects.toThrow(/appId: must be a GUID/);
    await expect(valuesFromEnv({ APP_ENV: 'production' })).rejects.toThrow(/BOT_APP_ID: required/);
    await expect(valuesFromEnv({ APP_ENV: 'production', BOT_APP_ID: values.botId, FUNCTIONS_BASE_URL: 'http://localhost:7071/api' })).rejects.toThrow(/FUNCTIONS_BASE_URL/);
    const local = await valuesFromEnv({});
    expect(local.warnings.join()).toMatch(/placeholder bot id/);
    expect(local.warnings.join()).toMatch(/Outlook add-in points at a placeholder host/);
    const deployed = await valuesFromEnv({ FUNCTIONS_BASE_URL: 'https://triage-fn.azurewebsites.net/api', PANE_CLIENT_ID: values.paneClientId });
    expect(deployed.values).toMatchObject({ paneUrl: 'https://triage-fn.azurewebsites.net/api/pane', paneHost: 'triage-fn.azurewebsites.net', paneApiUri: `api://triage-fn.azurewebsites.net/${values.paneClientId}` });
    expect((await renderManifest(local.values)).version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
