// Offline checks of the Azure infrastructure: the Bicep parses, every parameter is used and chosen
// in the parameters file, loops iterate only deploy-time constants (what the compiler's BCP178
// rejects), the app depends on every Key Vault secret it references, resource names fit their
// limits for every allowed appName, placeholders stop a deployment, every environment variable the
// app reads (derived from the config schema) is an app setting, secrets reach the app only as Key
// Vault references, and the queue settings keep one instance inside Graph's per-mailbox concurrency.
// The template as it was before the storage secret got its own resource is kept as a fixture
// (fixtures/main.before-secret-fix.bicep.txt): the checks must fail on it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARS, loadConfig } from '../shared/config.js';
import { DEFAULT_GRAPH_POLICY } from '../shared/graph/request.js';
import { analyzeBicepSource, BicepFailure, readBicep, readBicepParams, RUNTIME_VALUE, type BicepFile, type BicepValue } from './bicep.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bicepFiles = readdirSync(here, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.bicep'))
  .map((f) => path.join(here, f));
const mainPath = path.join(here, 'main.bicep');
const paramsPath = path.join(here, 'main.bicepparam');

/** Secret env vars that are deliberately empty in Azure, with the reason. */
const EMPTY_IN_AZURE: Record<string, string> = {
  GRAPH_CLIENT_CERT_PATH: 'a PEM file path; the template authenticates Graph with the client secret from Key Vault',
};

const KV_REF = /kvRef\(vault\.name, secretNames\.[A-Za-z]+\)|@Microsoft\.KeyVault\(/;

async function main(): Promise<BicepFile> {
  return readBicep(mainPath);
}

async function beforeFix(): Promise<BicepFile> {
  return analyzeBicepSource(readFileSync(path.join(here, 'fixtures', 'main.before-secret-fix.bicep.txt'), 'utf8'));
}

/** A value for every parameter: the given ones, else the default, else a plain stand-in. */
function paramValues(file: BicepFile, given: Record<string, BicepValue> = {}): Record<string, BicepValue> {
  const out: Record<string, BicepValue> = {};
  for (const p of file.params) if (!p.hasDefault) out[p.name] = p.name.endsWith('Id') ? '00000000-0000-0000-0000-000000000000' : 'value';
  return { ...out, ...given };
}

/**
 * Key Vault secrets the Function App's settings reference that it does not depend on (explicitly in
 * dependsOn or by using the declaring resource), so the app could start before they exist.
 */
function secretsWithoutDependency(file: BicepFile): string[] {
  const app = file.resources.find((r) => r.type === 'Microsoft.Web/sites');
  if (!app) throw new Error('no Function App in the template');
  const params = paramValues(file, { appName: 'app' });
  const referenced = [...file.appSettings.values()].flatMap((v) => [...v.matchAll(/kvRef\(vault\.name, (secretNames\.[A-Za-z]+)\)/g)].map((m) => m[1]!));
  const declared = new Map<string, string>(); // secret name → declaring resource
  for (const r of file.resources.filter((x) => x.type === 'Microsoft.KeyVault/vaults/secrets')) {
    const names = r.loop ? file.evaluate(`map(${r.loop.collection}, ${r.loop.item} => ${r.nameText})`, params) : [file.evaluate(r.nameText ?? "''", params)];
    for (const n of names as BicepValue[]) declared.set(String(n), r.symbol);
  }
  const missing: string[] = [];
  for (const ref of new Set(referenced)) {
    const name = String(file.evaluate(ref, params));
    const resource = declared.get(name);
    if (!resource) missing.push(`${name} (no secret resource declares it)`);
    else if (!app.dependsOn.includes(resource) && !app.uses.has(resource)) missing.push(`${name} (declared by ${resource})`);
  }
  return missing;
}

describe('Bicep files', () => {
  it('finds the Bicep files to check', () => {
    expect(bicepFiles).toContain(mainPath);
  });

  it.each(bicepFiles.map((f) => [path.relative(here, f), f]))('%s parses without syntax errors', async (_name, file) => {
    const parsed = await readBicep(file);
    expect(parsed.problems).toEqual([]);
  });

  it.each(bicepFiles.map((f) => [path.relative(here, f), f]))('%s uses every parameter it declares', async (_name, file) => {
    const parsed = await readBicep(file);
    const unused = parsed.params.filter((p) => !parsed.references.has(p.name)).map((p) => p.name);
    expect(unused).toEqual([]);
  });

  it('the parameters file parses and targets main.bicep', async () => {
    const params = await readBicepParams(paramsPath);
    expect(params.problems).toEqual([]);
    expect(params.using).toBe('./main.bicep');
  });

  it('the parameters file sets every parameter of main.bicep and nothing else', async () => {
    const [bicep, params] = await Promise.all([main(), readBicepParams(paramsPath)]);
    const declared = bicep.params.map((p) => p.name).sort();
    expect([...params.values.keys()].sort()).toEqual(declared);
  });

  it('secret parameters come from the environment, never from the parameters file', async () => {
    const [bicep, params] = await Promise.all([main(), readBicepParams(paramsPath)]);
    const secure = bicep.params.filter((p) => p.secure);
    expect(secure.length).toBeGreaterThan(5);
    for (const p of secure) {
      expect(params.values.get(p.name), p.name).toMatch(/^readEnvironmentVariable\('[A-Z_]+'(, '')?\)$/);
      // A secure parameter may default to empty (integration off), never to a value.
      if (p.hasDefault) expect(p.defaultText, p.name).toBe("''");
    }
  });
});

describe('what the Bicep compiler and ARM would reject', () => {
  it.each(bicepFiles.map((f) => [path.relative(here, f), f]))('%s loops only over values known when the deployment starts', async (_name, file) => {
    expect((await readBicep(file)).nonConstantLoops).toEqual([]);
  });

  it('the loop check catches the template before the fix: a secret loop over a list holding listKeys()', async () => {
    const loops = (await beforeFix()).nonConstantLoops;
    expect(loops).toHaveLength(1);
    expect(loops[0]).toMatchObject({ declaration: 'secrets', collection: 'secretValues' });
    expect(loops[0]!.because).toContain('storage.listKeys() via secretValues');
  });

  it('the loop check accepts loops over parameters, variables of parameters and resource ids', async () => {
    const ok = await analyzeBicepSource(`param names array
resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = { name: 'x' }
var ids = [st.id, st.name]
resource a 'A/b@1' = [for n in names: { name: n }]
resource b 'A/b@1' = [for i in ids: { name: i }]
resource c 'A/b@1' = [for (n, i) in range(0, length(names)): { name: '\${n}' }]
`);
    expect(ok.nonConstantLoops).toEqual([]);
    const bad = await analyzeBicepSource(`resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = { name: 'x' }
var endpoints = [st.properties.primaryEndpoints.blob]
resource a 'A/b@1' = [for e in endpoints: { name: e }]
var refs = [for x in reference(st.id).items: x]
`);
    expect(bad.nonConstantLoops.map((l) => [l.declaration, l.because])).toEqual([
      ['a', ['st.properties via endpoints']],
      ['refs', ['reference()']],
    ]);
  });

  it('the Function App depends on every Key Vault secret its settings reference', async () => {
    expect(secretsWithoutDependency(await main())).toEqual([]);
  });

  it('the dependency check catches the template before the fix, where the app could start before its secrets', async () => {
    const missing = secretsWithoutDependency(await beforeFix());
    expect(missing).toContain('graph-client-state (declared by secrets)');
    expect(missing).toContain('storage-connection (declared by secrets)');
  });

  /** Name rules per resource type (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules). */
  const NAME_RULES: Record<string, { min: number; max: number; pattern: RegExp }> = {
    'Microsoft.ManagedIdentity/userAssignedIdentities': { min: 3, max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/ },
    'Microsoft.OperationalInsights/workspaces': { min: 4, max: 63, pattern: /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/ },
    'Microsoft.Insights/components': { min: 1, max: 260, pattern: /^[^%&\\?/]*[^. ]$/ },
    'Microsoft.Authorization/roleAssignments': { min: 36, max: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ },
    'Microsoft.Storage/storageAccounts': { min: 3, max: 24, pattern: /^[a-z0-9]+$/ },
    'Microsoft.Storage/storageAccounts/blobServices': { min: 7, max: 7, pattern: /^default$/ },
    'Microsoft.Storage/storageAccounts/blobServices/containers': { min: 3, max: 63, pattern: /^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/ },
    'Microsoft.Storage/storageAccounts/queueServices': { min: 7, max: 7, pattern: /^default$/ },
    'Microsoft.Storage/storageAccounts/queueServices/queues': { min: 3, max: 63, pattern: /^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/ },
    'Microsoft.KeyVault/vaults': { min: 3, max: 24, pattern: /^[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/ },
    'Microsoft.KeyVault/vaults/secrets': { min: 1, max: 127, pattern: /^[A-Za-z0-9-]+$/ },
    'Microsoft.Web/serverfarms': { min: 1, max: 60, pattern: /^[A-Za-z0-9-]+$/ },
    'Microsoft.Web/sites': { min: 2, max: 60, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/ },
    'Microsoft.BotService/botServices': { min: 2, max: 64, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/ },
    'Microsoft.BotService/botServices/channels': { min: 1, max: 64, pattern: /^[A-Za-z]+$/ },
  };

  async function namesFor(file: BicepFile, appName: string): Promise<{ symbol: string; type: string; name: string }[]> {
    const params = paramValues(file, { appName });
    const out: { symbol: string; type: string; name: string }[] = [];
    for (const r of file.resources) {
      const names = r.loop ? (file.evaluate(`map(${r.loop.collection}, ${r.loop.item} => ${r.nameText})`, params) as BicepValue[]) : [file.evaluate(r.nameText ?? "''", params)];
      for (const n of names) out.push({ symbol: r.symbol, type: r.type, name: String(n) });
    }
    return out;
  }

  it('every resource type of the template has a name rule here', async () => {
    const types = new Set((await main()).resources.map((r) => r.type));
    expect([...types].filter((t) => !(t in NAME_RULES))).toEqual([]);
  });

  it.each([
    ['the shortest allowed appName', 2],
    ['a typical appName', 18],
    ['the longest allowed appName', 55],
  ])('every resource name fits its limits with %s', async (_label, length) => {
    const file = await main();
    const appParam = file.params.find((p) => p.name === 'appName')!;
    expect(length).toBeLessThanOrEqual(55);
    const appName = `s${'-a'.repeat(Math.ceil(length / 2))}`.slice(0, length - 1) + 'z';
    expect(appName).toHaveLength(length);
    const bad = (await namesFor(file, appName))
      .filter(({ type, name }) => {
        const rule = NAME_RULES[type]!;
        return name.includes(RUNTIME_VALUE) || name.length < rule.min || name.length > rule.max || !rule.pattern.test(name);
      })
      .map((n) => `${n.symbol}: ${n.name} (${n.name.length})`);
    expect(bad).toEqual([]);
    expect(appParam.defaultText).toBeUndefined();
  });

  it('appName is limited to the length every derived name can take', async () => {
    const source = readFileSync(mainPath, 'utf8');
    expect(source).toMatch(/@minLength\(2\)\n@maxLength\(55\)\nparam appName string/);
    // One character more and the App Service plan name (plan-<appName>) would pass its 60.
    const names = await namesFor(await main(), 'a'.repeat(56));
    const plan = names.find((n) => n.type === 'Microsoft.Web/serverfarms')!;
    expect(plan.name.length).toBeGreaterThan(NAME_RULES['Microsoft.Web/serverfarms']!.max);
  });

  it('the template before the fix let appName reach 60 characters, past the plan and workspace limits', async () => {
    const names = await namesFor(await beforeFix(), 'a'.repeat(60));
    const tooLong = names.filter((n) => n.name.length > NAME_RULES[n.type]!.max).map((n) => n.symbol);
    expect(tooLong).toEqual(expect.arrayContaining(['logs', 'plan']));
  });

  it('a placeholder left in main.bicepparam stops the deployment with the parameters to fill in', async () => {
    const [file, params] = await Promise.all([main(), readBicepParams(paramsPath)]);
    const fromParamsFile: Record<string, BicepValue> = {};
    for (const [name, text] of params.values) {
      if (/^'[^']*'$/.test(text)) fromParamsFile[name] = text.slice(1, -1).replace(/\\'/g, "'");
    }
    const placeholders = Object.entries(fromParamsFile).filter(([, v]) => String(v).startsWith('<')).map(([k]) => k);
    expect(placeholders).toEqual(expect.arrayContaining(['appName', 'graphTenantId', 'graphClientId', 'botAppId']));
    let failure: unknown;
    try {
      file.evaluate('baseName', paramValues(file, fromParamsFile));
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(BicepFailure);
    expect((failure as Error).message).toBe(`main.bicepparam still holds placeholders; set these parameters: ${[...placeholders].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })).join(', ')}`);
    // Every resource name goes through the guard, so ARM's validation fails before anything is created.
    // (Every name that varies with the app name; the fixed child names sit under a parent that does.)
    const ownNames = file.resources.filter((x) => {
      if (x.loop || !x.nameText) return false;
      const nameWith = (appName: string) => file.evaluate(x.nameText!, paramValues(file, { appName }));
      return nameWith('app-one') !== nameWith('app-two');
    });
    expect(ownNames.length).toBeGreaterThanOrEqual(10);
    for (const r of ownNames) {
      expect(() => file.evaluate(r.nameText!, paramValues(file, fromParamsFile)), r.symbol).toThrow(BicepFailure);
    }
    const filled = Object.fromEntries(Object.entries(fromParamsFile).map(([k, v]) => [k, String(v).startsWith('<') ? (k === 'appName' ? 'studyflash-support' : '') : v]));
    expect(file.evaluate('baseName', paramValues(file, filled))).toBe('studyflash-support');
  });

  it('the Key Vault name changes with keyVaultNameSeed, to step around a soft-deleted vault of the same name', async () => {
    const file = await main();
    const a = file.evaluate('keyVaultName', paramValues(file, { appName: 'app', keyVaultNameSeed: '' }));
    const b = file.evaluate('keyVaultName', paramValues(file, { appName: 'app', keyVaultNameSeed: '2027-01' }));
    expect(a).not.toBe(b);
    expect(String(a)).toMatch(/^kv-[a-z2-7]{13}$/);
  });

  it('the app runs on Node 22, which package.json allows', async () => {
    expect(readFileSync(mainPath, 'utf8')).toMatch(/runtime: \{ name: 'node', version: '22' \}/);
    const pkg = JSON.parse(readFileSync(path.join(here, '..', 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toMatch(/<2[3-9]/);
  });
});

describe('app settings derived from the config schema (shared/config.ts)', () => {
  const azureVars = ENV_VARS.filter((v) => v.scope === 'both' || v.scope === 'azure');

  it('the schema has variables for Azure', () => {
    expect(azureVars.length).toBeGreaterThan(20);
  });

  it('every environment variable the app reads in Azure is an app setting', async () => {
    const settings = (await main()).appSettings;
    const missing = azureVars.map((v) => v.env).filter((env) => !settings.has(env));
    expect(missing).toEqual([]);
  });

  it('local-only variables are not set in Azure', async () => {
    const settings = (await main()).appSettings;
    const local = ENV_VARS.filter((v) => v.scope === 'local').map((v) => v.env);
    expect(local.filter((env) => settings.has(env))).toEqual([]);
  });

  it('every secret reaches the app as a Key Vault reference', async () => {
    const settings = (await main()).appSettings;
    for (const v of azureVars.filter((x) => x.secret)) {
      const value = settings.get(v.env) ?? '';
      if (v.env in EMPTY_IN_AZURE) expect(value, v.env).toBe("''");
      else expect(value, v.env).toMatch(KV_REF);
    }
  });

  it('a Key Vault reference carries no secret value itself', async () => {
    const source = readFileSync(mainPath, 'utf8');
    expect(source).toMatch(/func kvRef\(vaultName string, secretName string\) string => '@Microsoft\.KeyVault\(VaultName=\$\{vaultName\};SecretName=\$\{secretName\}\)'/);
  });

  it('the template deploys the confidence threshold the app defaults to (chosen from measurements, README)', async () => {
    const [bicep, params] = await Promise.all([main(), readBicepParams(paramsPath)]);
    const fromSchema = `'${loadConfig({}).confidenceThreshold}'`;
    expect(bicep.params.find((x) => x.name === 'confidenceThreshold')?.defaultText).toBe(fromSchema);
    expect(params.values.get('confidenceThreshold')).toBe(fromSchema);
  });

  it('production mode is switched on', async () => {
    expect((await main()).appSettings.get('APP_ENV')).toBe("'production'");
  });
});

describe('no secret literals in the infrastructure', () => {
  const looksSecret = [
    /AccountKey=[A-Za-z0-9+/=]{20,}/,
    /sk-ant-[A-Za-z0-9_-]+/,
    /phx_[A-Za-z0-9]{20,}/,
    /sntrys_[A-Za-z0-9_]+/,
    /postgres(ql)?:\/\/[^:\s]+:[^@\s]+@/,
    /https:\/\/[0-9a-f]{16,}@[^\s]*sentry/,
    /^[A-Za-z0-9._-]{3,4}Q~[A-Za-z0-9~._-]{30,}$/, // Entra client secret shape (xxxQ~…)
  ];

  it.each([...bicepFiles, paramsPath].map((f) => [path.relative(here, f), f]))('%s contains no literal that looks like a secret', async (_n, file) => {
    const literals = file.endsWith('.bicepparam') ? (await readBicepParams(file)).values : null;
    const strings = literals ? [...literals.values()] : (await readBicep(file)).literals;
    const hits = strings.filter((s) => looksSecret.some((re) => re.test(s)));
    expect(hits).toEqual([]);
  });
});

describe('scale settings and Graph limits', () => {
  const host = JSON.parse(readFileSync(path.join(here, '..', 'host.json'), 'utf8')) as {
    extensions: { queues: { batchSize: number; newBatchThreshold: number; maxDequeueCount: number } };
  };

  it('one instance never runs more tickets at once than Graph allows concurrent requests per mailbox', () => {
    const { batchSize, newBatchThreshold } = host.extensions.queues;
    expect(batchSize + newBatchThreshold).toBeLessThanOrEqual(DEFAULT_GRAPH_POLICY.concurrency);
    expect(DEFAULT_GRAPH_POLICY.concurrency).toBeLessThanOrEqual(4);
  });

  it('all instances together hold Graph to its per-mailbox concurrency: the gate lives in storage', async () => {
    expect((await main()).appSettings.get('GRAPH_GATE')).toBe("'storage'");
  });

  it('failed messages reach the poison queue after a bounded number of attempts', () => {
    expect(host.extensions.queues.maxDequeueCount).toBeGreaterThanOrEqual(3);
    expect(host.extensions.queues.maxDequeueCount).toBeLessThanOrEqual(10);
  });

  it('the HTTP group is kept warm so Teams invokes and Graph validation beat their timeouts', async () => {
    const bicep = await main();
    const warm = bicep.params.find((p) => p.name === 'alwaysReadyHttpInstances');
    expect(warm?.defaultText).toBe('1');
    const params = await readBicepParams(paramsPath);
    expect(Number(params.values.get('alwaysReadyHttpInstances'))).toBeGreaterThanOrEqual(1);
  });
});

describe('settings that must agree with host.json', () => {
  it('QUEUE_MAX_DEQUEUE_COUNT is read from host.json, not repeated', async () => {
    const source = readFileSync(mainPath, 'utf8');
    expect(source).toContain("loadJsonContent('../host.json')");
    expect((await main()).appSettings.get('QUEUE_MAX_DEQUEUE_COUNT')).toBe('string(hostJson.extensions.queues.maxDequeueCount)');
  });
});
