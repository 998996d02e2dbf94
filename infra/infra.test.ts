// Offline checks of the Azure infrastructure: the Bicep parses, every parameter is used and chosen
// in the parameters file, every environment variable the app reads (derived from the config schema)
// is an app setting, secrets reach the app only as Key Vault references, and the queue settings
// keep one instance inside Graph's per-mailbox concurrency.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARS } from '../shared/config.js';
import { DEFAULT_GRAPH_POLICY } from '../shared/graph/request.js';
import { readBicep, readBicepParams, type BicepFile } from './bicep.js';

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
