// npm run chaos -- [--mails N] [--hosts N] [--outlook N] [--deadline SECONDS] [--seed N] [--json]
// The full chaos run for people (default 200 mails, Outlook actions on 12 % of them: --outlook N
// sets how many; see run.ts for what it does and proves).
// Prints progress to stderr and the summary table to stdout (with --json, one JSON object as the
// last line). Exits 1 when any check fails. Stops by itself (deadline) and on Ctrl-C, cleaning up
// every process it started.
import { z } from 'zod';
import { formatReport, runChaos } from './run.js';

const Args = z.object({
  mails: z.coerce.number().int().min(1).max(2000).default(200),
  hosts: z.coerce.number().int().min(1).max(8).default(1),
  deadline: z.coerce.number().int().min(30).max(3600).default(900),
  seed: z.coerce.number().int().optional(),
  outlook: z.coerce.number().int().min(0).max(2000).optional(),
  json: z.boolean().default(false),
});

function parseArgs(argv: string[]): z.infer<typeof Args> {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') raw.json = true;
    else if (/^--(mails|hosts|outlook|deadline|seed)$/.test(a)) raw[a.slice(2)] = argv[++i];
    else throw new Error(`unknown argument ${a}. Usage: npm run chaos -- [--mails N] [--hosts N] [--outlook N] [--deadline SECONDS] [--seed N] [--json]`);
  }
  return Args.parse(raw);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const abort = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('chaos: stopping (Ctrl-C) — cleaning up the world…\n');
    abort.abort();
  });
  const report = await runChaos({
    mails: args.mails,
    hosts: args.hosts,
    deadlineMs: args.deadline * 1000,
    seed: args.seed,
    outlookActions: args.outlook,
    signal: abort.signal,
    log: (line) => process.stderr.write(`chaos: ${line}\n`),
  });
  process.stdout.write(`${formatReport(report)}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify({ ok: report.ok, checks: report.checks, figures: report.figures, problems: report.problems })}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
