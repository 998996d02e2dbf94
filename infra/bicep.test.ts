// The offline Bicep reader finds what the infrastructure checks rely on: syntax errors, unused
// parameters, secure parameters and app settings.
import { describe, expect, it } from 'vitest';
import { analyzeBicepSource } from './bicep.js';

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
});
