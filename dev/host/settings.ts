// Settings of the local Functions host: host.json (validated like the runtime reads it), TimeSpan
// values ("hh:mm:ss"), and app-setting references (%NAME%) in binding properties such as queue
// names and timer schedules, resolved from the environment the way Azure resolves them.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ENV_VARS } from '../../shared/config.js';

/** .NET TimeSpan text as host.json uses it: [d.]hh:mm:ss[.fffffff] → milliseconds. */
export function parseTimeSpan(text: string): number {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a TimeSpan (expected [d.]hh:mm:ss[.fff])`);
  const [, d, h, min, s, frac] = m;
  const fracMs = frac ? Number(`0.${frac}`) * 1000 : 0;
  return (((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(min)) * 60 + Number(s)) * 1000 + fracMs;
}

const timeSpan = z.string().transform((s, ctx) => {
  try {
    return parseTimeSpan(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

/** Defaults are the Storage Queues extension's (v5) documented defaults. */
const queuesSchema = z
  .object({
    batchSize: z.number().int().min(1).max(32).default(16),
    newBatchThreshold: z.number().int().min(0).optional(),
    maxDequeueCount: z.number().int().min(1).default(5),
    visibilityTimeout: timeSpan.default(0),
    maxPollingInterval: timeSpan.default(60_000),
    messageEncoding: z.enum(['base64', 'none']).default('base64'),
  })
  .transform((q) => ({ ...q, newBatchThreshold: q.newBatchThreshold ?? Math.floor(q.batchSize / 2) }));

const hostJsonSchema = z.object({
  version: z.literal('2.0'),
  functionTimeout: timeSpan.optional(),
  extensions: z
    .object({
      queues: queuesSchema.optional(),
      http: z.object({ routePrefix: z.string().default('api') }).optional(),
    })
    .optional(),
});

export type QueueSettings = z.output<typeof queuesSchema>;

export interface HostSettings {
  routePrefix: string;
  queues: QueueSettings;
  functionTimeoutMs?: number;
}

export function parseHostJson(json: unknown): HostSettings {
  const r = hostJsonSchema.safeParse(json);
  if (!r.success) throw new Error(`host.json is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return {
    routePrefix: (r.data.extensions?.http?.routePrefix ?? 'api').replace(/^\/+|\/+$/g, ''),
    queues: r.data.extensions?.queues ?? queuesSchema.parse({}),
    functionTimeoutMs: r.data.functionTimeout,
  };
}

export function readHostJson(file: string): HostSettings {
  return parseHostJson(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * Resolves %NAME% app-setting references like Azure's binding expressions. Unset names fall back to
 * the default in shared/config.ts (the app's one config table); a name with neither fails, as an
 * unresolvable binding expression fails the function at host start in Azure.
 */
export function resolveAppSettings(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/%([A-Za-z0-9_]+)%/g, (_m, name: string) => {
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    const d = ENV_VARS.find((e) => e.env === name)?.default;
    if (d !== undefined) return d;
    throw new Error(`app setting %${name}% is not set and has no default`);
  });
}
