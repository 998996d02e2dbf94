// The offline Bicep reader finds what the infrastructure checks rely on: syntax errors, unused
// parameters, secure parameters, app settings, resources with their loops and dependencies, and
// the values of deploy-time name expressions.
import { describe, expect, it } from 'vitest';
import { analyzeBicepSource, BicepFailure, RUNTIME_VALUE } from './bicep.js';

const sample = `
param used string
@secure()
param secret string = ''
param unused int = 3
var kv = 'x'
resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: used
  properties: {
    siteConfig: {
      appSettings: [
        { name: 'A_SETTING', value: used }
        { name: 'B_SECRET', value: empty(secret) ? '' : kv }
      ]
    }
  }
}
`;

describe('Bicep reader', () => {
  it('reports no problems for valid Bicep', async () => {
    expect((await analyzeBicepSource(sample)).problems).toEqual([]);
  });

  it('reports a syntax error with its line', async () => {
    const r = await analyzeBicepSource("param a string\nvar b = {\n  name: 'x'\n  value: ]\n}\n");
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('sees which parameters are referenced and which are not', async () => {
    const r = await analyzeBicepSource(sample);
    expect(r.references.has('used')).toBe(true);
    expect(r.references.has('secret')).toBe(true);
    expect(r.references.has('unused')).toBe(false);
  });

  it('does not count object keys named like a parameter as a use', async () => {
    const r = await analyzeBicepSource("param name string = 'a'\nvar o = { name: 'b' }\n");
    expect(r.references.has('name')).toBe(false);
  });

  it('marks secure parameters and their defaults', async () => {
    const r = await analyzeBicepSource(sample);
    expect(r.params.find((p) => p.name === 'secret')).toMatchObject({ secure: true, hasDefault: true, defaultText: "''" });
    expect(r.params.find((p) => p.name === 'used')).toMatchObject({ secure: false, hasDefault: false });
  });

  it('lists app settings by name with their value expressions', async () => {
    const r = await analyzeBicepSource(sample);
    expect([...r.appSettings.keys()]).toEqual(['A_SETTING', 'B_SECRET']);
    expect(r.appSettings.get('B_SECRET')).toBe("empty(secret) ? '' : kv");
  });

  it('lists resources with their type, name expression, loop and dependencies', async () => {
    const r = await analyzeBicepSource(`param names array
resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = { name: 'st\${uniqueString(resourceGroup().id)}' }
resource qs 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for n in names: if (!empty(n)) {
  name: n
}]
resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'app'
  properties: { serverFarmId: st.id }
  dependsOn: [ qs ]
}
`);
    expect(r.resources.map((x) => [x.symbol, x.type, x.nameText, x.loop, x.dependsOn])).toEqual([
      ['st', 'Microsoft.Storage/storageAccounts', "'st${uniqueString(resourceGroup().id)}'", undefined, []],
      ['qs', 'Microsoft.Storage/storageAccounts/queueServices/queues', 'n', { item: 'n', collection: 'names' }, []],
      ['app', 'Microsoft.Web/sites', "'app'", undefined, ['qs']],
    ]);
    expect(r.resources[2]!.uses.has('st')).toBe(true);
  });

  it('evaluates the deploy-time expressions names are made of', async () => {
    const r = await analyzeBicepSource(`param appName string
param seed string = ''
var suffix = uniqueString(resourceGroup().id, appName, seed)
var names = { kv: take('kv-\${suffix}', 24), plan: 'plan-\${toLower(appName)}' }
var odd = filter(items({ b: '<x>', a: '<y>', c: 'ok' }), p => startsWith(p.value, '<'))
var guarded = empty(odd) ? appName : fail('fill in: \${join(map(odd, p => p.key), ', ')}')
resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = { name: 'st' }
var endpoint = st.properties.primaryEndpoints.blob
var stId = st.id
`);
    const params = { appName: 'My-App' };
    expect(r.evaluate('names.plan', params)).toBe('plan-my-app');
    expect(String(r.evaluate('names.kv', params))).toMatch(/^kv-[a-z2-7]{13}$/);
    expect(r.evaluate('suffix', params)).toBe(r.evaluate('suffix', { appName: 'My-App', seed: '' }));
    expect(r.evaluate('suffix', params)).not.toBe(r.evaluate('suffix', { appName: 'My-App', seed: 'x' }));
    // items() sorts by key, as ARM does; fail() surfaces as a BicepFailure with its message.
    expect(() => r.evaluate('guarded', params)).toThrow(new BicepFailure('fill in: a, b'));
    expect(r.evaluate('endpoint', params)).toBe(RUNTIME_VALUE);
    expect(r.evaluate('stId', params)).toMatch(/\/providers\/Microsoft\.Storage\/storageAccounts\/st$/);
    expect(() => r.evaluate('unknownThing', params)).toThrow(/cannot evaluate "unknownThing" offline/);
  });
});
