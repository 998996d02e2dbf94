// Exports the categories the team set on tickets as a labelled set for the offline analyzer
// (shared/ai/offline/corrections.ts). Retrain afterwards: npx tsx shared/ai/offline/train.ts
//   npm run corrections -- --out shared/ai/offline/fixtures/corrections-2026-12.jsonl [--since 2026-11-01] [--answered]
// Exit 0 on success, 1 when storage or the mailbox cannot be read, 2 for usage errors.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { Semaphore, createGraphAdapters } from '../graph/index.js';
import type { Mailbox, TicketStore } from '../ports.js';
import { TableTicketStore } from '../storage/tables.js';
import { labelledFromTickets, type LabelOptions } from '../ai/offline/corrections.js';
import type { ReportIo } from './report.js';
import { useLocalWorld } from './world-env.js';

export function parseArgs(argv: readonly string[]): LabelOptions & { out: string } {
  let out: string | undefined;
  const opts: LabelOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--answered') opts.answered = true;
    else if (flag === '--out' || flag === '--since') {
      const v = inline ?? argv[++i];
      if (!v) throw new AppError('invalid-input', flag === '--out' ? '--out needs a file path' : '--since needs a date like 2026-11-01');
      if (flag === '--out') out = v;
      else {
        if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(Date.parse(v))) throw new AppError('invalid-input', `--since ${v}: not a date like 2026-11-01`);
        opts.since = new Date(v).toISOString();
      }
    } else throw new AppError('invalid-input', `unknown option ${a} (use --out, --since, --answered)`);
  }
  if (!out) throw new AppError('invalid-input', '--out is required: the JSONL file to write (e.g. shared/ai/offline/fixtures/corrections-2026-12.jsonl)');
  if (!out.endsWith('.jsonl')) throw new AppError('invalid-input', `--out ${out}: the file must end in .jsonl`);
  return { ...opts, out };
}

export async function runCorrections(argv: readonly string[], deps: { store: () => TicketStore; mailbox: () => Pick<Mailbox, 'getMessage'>; io: ReportIo }): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    deps.io.err(`corrections: ${(err as Error).message}`);
    return 2;
  }
  try {
    const result = await labelledFromTickets(deps.store(), deps.mailbox(), args);
    await writeFile(args.out, result.rows.map((r) => JSON.stringify(r)).join('\n') + (result.rows.length ? '\n' : ''));
    deps.io.out(`corrections: wrote ${result.rows.length} labelled mail${result.rows.length === 1 ? '' : 's'} to ${args.out} (${result.corrected} corrected${args.answered ? `, ${result.answered} answered` : ''})`);
    for (const s of result.skipped) deps.io.err(`corrections: skipped ticket ${s.ticketId}: ${s.reason}`);
    if (result.rows.length) deps.io.out('corrections: retrain with `npx tsx shared/ai/offline/train.ts` (files named fixtures/corrections-*.jsonl are part of the training pool)');
    return 0;
  } catch (err) {
    // The message only: an error here never carries mail text, and a token never reaches it.
    deps.io.err(`corrections: could not read the tickets or the mailbox: ${(err as Error).message}`);
    return 1;
  }
}

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    return 2;
  }
  const io: ReportIo = { out: (l) => console.log(l), err: (l) => console.error(l) };
  return runCorrections(process.argv.slice(2), {
    store: () => new TableTicketStore(config.storageConnection, config.tablePrefix),
    // One process reading one message at a time: no gate shared with the running app is needed.
    mailbox: () => createGraphAdapters(config, { gate: new Semaphore(1) }).mailbox,
    io,
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // With no app setting in the environment, the running local world's (world-env.ts).
  const code = (await useLocalWorld('corrections')) ?? (await main());
  process.stdout.write('', () => process.exit(code));
}
