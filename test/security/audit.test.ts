// The CI audit gate (test/security/audit.ts) on npm-shaped reports: it blocks advisories that are
// not allowed or whose allow-list entry expired, names stale entries, and tells an unreachable
// audit endpoint apart from a clean result. The committed allow-list must parse.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { judge, loadAllowList, main, parseAuditReport, type AllowList } from './audit.js';

/** The shape npm 10/11 prints for `npm audit --json` (auditReportVersion 2), trimmed. */
const REPORT = {
  auditReportVersion: 2,
  vulnerabilities: {
    uuid: {
      name: 'uuid', severity: 'moderate', isDirect: false, range: '<11.1.1', nodes: ['node_modules/botbuilder/node_modules/uuid'], fixAvailable: false,
      via: [{ source: 1104567, name: 'uuid', dependency: 'uuid', title: 'Example: missing buffer bounds check', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', severity: 'moderate', cwe: [], cvss: {}, range: '<11.1.1' }],
      effects: ['botbuilder'],
    },
    botbuilder: { name: 'botbuilder', severity: 'moderate', isDirect: true, range: '*', nodes: ['node_modules/botbuilder'], fixAvailable: false, via: ['uuid'], effects: [] },
    ws: {
      name: 'ws', severity: 'high', isDirect: false, range: '<7.5.10', nodes: ['node_modules/ws'], fixAvailable: true,
      via: [{ source: 1098392, name: 'ws', dependency: 'ws', title: 'Example: DoS with many headers', url: 'https://github.com/advisories/GHSA-dddd-eeee-ffff', severity: 'high', range: '<7.5.10' }],
      effects: [],
    },
  },
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 2, high: 1, critical: 0, total: 3 } },
};

const entry = (id: string, pkg: string, expires = '2099-01-01') => ({ id, package: pkg, reason: 'pinned by botbuilder 4.23.3, the final Bot Framework release', reviewed: '2026-11-25', expires });

describe('npm audit gate', () => {
  it('reads one advisory per id and package, ignoring the packages that only depend on them', () => {
    const r = parseAuditReport(JSON.stringify(REPORT));
    expect(r).toEqual({
      status: 'ok',
      advisories: [
        expect.objectContaining({ id: 'GHSA-AAAA-BBBB-CCCC', package: 'uuid', severity: 'moderate' }),
        expect.objectContaining({ id: 'GHSA-DDDD-EEEE-FFFF', package: 'ws', severity: 'high' }),
      ],
    });
  });

  it('blocks what the allow-list does not name, allows what it does, and lists stale entries', () => {
    const r = parseAuditReport(JSON.stringify(REPORT));
    if (r.status !== 'ok') throw new Error('expected a report');
    const list: AllowList = { advisories: [entry('GHSA-aaaa-bbbb-cccc', 'uuid'), entry('GHSA-9999-8888-7777', 'old')] };
    const v = judge(r.advisories, list, '2026-11-25');
    expect(v.allowed.map((a) => a.package)).toEqual(['uuid']);
    expect(v.blocked.map((b) => [b.advisory.package, b.why])).toEqual([['ws', 'not in the allow-list']]);
    expect(v.stale.map((s) => s.id)).toEqual(['GHSA-9999-8888-7777']);
  });

  it('blocks an allowed advisory once its entry has expired', () => {
    const r = parseAuditReport(JSON.stringify(REPORT));
    if (r.status !== 'ok') throw new Error('expected a report');
    const v = judge(r.advisories, { advisories: [entry('GHSA-AAAA-BBBB-CCCC', 'uuid', '2026-01-31'), entry('GHSA-dddd-eeee-ffff', 'ws')] }, '2026-11-25');
    expect(v.blocked.map((b) => b.why)).toEqual(['allow-list entry expired on 2026-01-31']);
  });

  it('an allow-list entry for the same advisory in another package does not count', () => {
    const v = judge([{ id: 'GHSA-AAAA-BBBB-CCCC', package: 'uuid', severity: 'moderate', title: '', url: '', range: '' }], { advisories: [entry('GHSA-AAAA-BBBB-CCCC', 'not-uuid')] });
    expect(v.blocked).toHaveLength(1);
  });

  it('reports an unreachable audit endpoint as unavailable, never as clean', () => {
    const error = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '', detail: '' } };
    expect(parseAuditReport(JSON.stringify(error))).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/405/) });
    expect(parseAuditReport('npm ERR! network')).toMatchObject({ status: 'unavailable' });
    expect(parseAuditReport(JSON.stringify({ auditReportVersion: 2, vulnerabilities: {} }))).toEqual({ status: 'ok', advisories: [] });
  });

  it('exits 1 on a blocked advisory, 0 when clean, 2 when the audit could not run', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const file = (name: string, body: unknown) => {
        const p = path.join(dir, name);
        writeFileSync(p, JSON.stringify(body));
        return p;
      };
      expect(main(['--report', file('vuln.json', REPORT)])).toBe(1);
      expect(main(['--report', file('clean.json', { auditReportVersion: 2, vulnerabilities: {} })])).toBe(0);
      const down = file('down.json', { message: '405 Method Not Allowed', statusCode: 405 });
      expect(main(['--report', down])).toBe(2);
      expect(main(['--report', down, '--allow-unavailable'])).toBe(0);
    } finally {
      log.mockRestore();
      err.mockRestore();
      warn.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the committed allow-list is valid and every entry explains itself', () => {
    const list = loadAllowList();
    for (const e of list.advisories) expect(e.reason.length, e.id).toBeGreaterThan(20);
  });
});
