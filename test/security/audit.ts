// The CI audit gate: runs `npm audit --omit=dev --json` (the production dependency tree) and fails
// on any advisory that is not in the committed allow-list (.ci/audit-allowlist.json), where every
// entry names the advisory, the package, why it cannot be fixed and until when that was judged.
//   npx tsx test/security/audit.ts                   run npm audit and gate on the allow-list
//   npx tsx test/security/audit.ts --report a.json   gate on a saved `npm audit --json` report
//   --allow-unavailable   exit 0 (loudly) when the registry has no audit endpoint (offline mirrors)
// Exit codes: 0 all advisories allowed · 1 an advisory is not allowed (or an entry expired) ·
// 2 the audit could not run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ALLOWLIST_PATH = path.join(REPO_ROOT, '.ci', 'audit-allowlist.json');

// ---------- npm audit's JSON (auditReportVersion 2, npm 7 and later) ----------
const Via = z.union([
  z.string(), // the name of another vulnerable package this one depends on
  z.looseObject({
    source: z.union([z.number(), z.string()]),
    name: z.string(),
    title: z.string().default(''),
    url: z.string().default(''),
    severity: z.string().default('unknown'),
    range: z.string().default(''),
  }),
]);
const Report = z.looseObject({
  auditReportVersion: z.literal(2),
  vulnerabilities: z.record(z.string(), z.looseObject({ name: z.string(), severity: z.string(), via: z.array(Via), fixAvailable: z.unknown().optional() })),
});
const ErrorReport = z.looseObject({ error: z.looseObject({ code: z.string().nullish(), summary: z.string().nullish(), detail: z.string().nullish() }).optional(), message: z.string().optional(), statusCode: z.number().optional() });

export interface Advisory {
  /** GHSA id from the advisory URL, else npm's numeric source id. */
  id: string;
  package: string;
  severity: string;
  title: string;
  url: string;
  range: string;
}

export type AuditResult = { status: 'ok'; advisories: Advisory[] } | { status: 'unavailable'; reason: string };

/** Reads `npm audit --json` output; an error report (no audit endpoint, offline) is 'unavailable'. */
export function parseAuditReport(text: string): AuditResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 'unavailable', reason: `npm audit did not print JSON: ${text.trim().slice(0, 200) || '(no output)'}` };
  }
  const report = Report.safeParse(json);
  if (!report.success) {
    const err = ErrorReport.safeParse(json);
    const why = err.success ? [err.data.statusCode, err.data.message, err.data.error?.summary, err.data.error?.code].filter(Boolean).join(' · ') : '';
    return { status: 'unavailable', reason: why || 'npm audit answered in an unknown format' };
  }
  const seen = new Map<string, Advisory>();
  for (const vuln of Object.values(report.data.vulnerabilities)) {
    for (const via of vuln.via) {
      if (typeof via === 'string') continue;
      const id = /GHSA(?:-[0-9a-z]{4}){3}/i.exec(via.url)?.[0]?.toUpperCase() ?? String(via.source);
      const key = `${id}|${via.name}`;
      if (!seen.has(key)) seen.set(key, { id, package: via.name, severity: via.severity, title: via.title, url: via.url, range: via.range });
    }
  }
  return { status: 'ok', advisories: [...seen.values()].sort((a, b) => a.package.localeCompare(b.package) || a.id.localeCompare(b.id)) };
}

// ---------- the allow-list ----------
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
export const AllowList = z
  .object({
    $comment: z.string().optional(),
    advisories: z.array(
      z
        .object({
          id: z.string().regex(/^(GHSA(-[0-9a-z]{4}){3}|\d+)$/i, 'a GHSA id (or npm advisory number)'),
          package: z.string().min(1),
          /** Why it cannot be fixed now (e.g. pinned by botbuilder 4.23, the final Bot Framework release) and why it does not reach us. */
          reason: z.string().min(20),
          reviewed: Day,
          /** After this day the entry no longer counts: look again. */
          expires: Day,
        })
        .strict(),
    ),
  })
  .strict();
export type AllowList = z.infer<typeof AllowList>;

export function loadAllowList(file: string = ALLOWLIST_PATH): AllowList {
  return AllowList.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export interface Verdict {
  allowed: Advisory[];
  /** Reported and not (or no longer) allowed: these fail the build. */
  blocked: { advisory: Advisory; why: string }[];
  /** Allow-list entries nothing reported any more (remove them). */
  stale: AllowList['advisories'];
}

export function judge(advisories: Advisory[], list: AllowList, today: string = new Date().toISOString().slice(0, 10)): Verdict {
  const v: Verdict = { allowed: [], blocked: [], stale: [] };
  const matches = (e: AllowList['advisories'][number], a: Advisory) => e.id.toUpperCase() === a.id.toUpperCase() && e.package === a.package;
  for (const a of advisories) {
    const entry = list.advisories.find((e) => matches(e, a));
    if (!entry) v.blocked.push({ advisory: a, why: 'not in the allow-list' });
    else if (entry.expires < today) v.blocked.push({ advisory: a, why: `allow-list entry expired on ${entry.expires}` });
    else v.allowed.push(a);
  }
  v.stale = list.advisories.filter((e) => !advisories.some((a) => matches(e, a)));
  return v;
}

// ---------- CLI ----------
function runNpmAudit(): string {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  // npm audit exits 1 when it finds anything; the JSON on stdout is what counts.
  return r.stdout || r.stderr || String(r.error ?? '');
}

export function main(argv: string[]): number {
  const reportAt = argv.indexOf('--report');
  const text = reportAt >= 0 ? readFileSync(argv[reportAt + 1] ?? '', 'utf8') : runNpmAudit();
  const result = parseAuditReport(text);
  if (result.status === 'unavailable') {
    const msg = `audit: npm audit could not run — ${result.reason}`;
    if (argv.includes('--allow-unavailable')) {
      console.warn(`${msg}\naudit: NOT CHECKED (--allow-unavailable); run it where the registry answers /-/npm/v1/security/advisories/bulk`);
      return 0;
    }
    console.error(msg);
    return 2;
  }
  const list = loadAllowList();
  const v = judge(result.advisories, list);
  const row = (a: Advisory, mark: string) => `  ${mark.padEnd(8)} ${a.severity.padEnd(9)} ${a.package.padEnd(28)} ${a.id.padEnd(20)} ${a.title.slice(0, 70)}`;
  console.log(`audit: ${result.advisories.length} advisories in the production tree (npm audit --omit=dev)`);
  for (const a of v.allowed) console.log(row(a, 'allowed'));
  for (const b of v.blocked) console.log(`${row(b.advisory, 'BLOCKED')}  (${b.why}; ${b.advisory.url})`);
  for (const s of v.stale) console.log(`  stale    allow-list entry ${s.id} for ${s.package} is no longer reported: remove it`);
  if (v.blocked.length) {
    console.error(`audit: ${v.blocked.length} advisory(ies) not allowed — fix them (npm update / overrides) or add them to .ci/audit-allowlist.json with the reason they cannot be fixed`);
    return 1;
  }
  console.log('audit: ok');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
