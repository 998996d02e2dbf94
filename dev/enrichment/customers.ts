// The sample customers the local world's Sentry, PostHog and accounts database are seeded from
// (dev/data/customers.json, consistent with the sample tickets). Validated once on load.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const customerSchema = z.object({
  email: z.string().email(),
  name: z.string(),
  plan: z.enum(['free', 'premium-monthly', 'premium-yearly']),
  status: z.enum(['active', 'trial', 'cancelled', 'past_due']),
  signupDate: day,
  country: z.string(),
  platform: z.enum(['ios', 'android', 'web']),
  renewalDate: day.nullish(),
  sentryIssues: z
    .array(
      z.object({
        title: z.string(),
        culprit: z.string(),
        count: z.number().int().nonnegative(),
        lastSeenDaysAgo: z.number().nonnegative(),
        level: z.enum(['debug', 'info', 'warning', 'error', 'fatal']),
      }),
    )
    .default([]),
  recordings: z.number().int().nonnegative().default(0),
});
export const customersFileSchema = z.object({ customers: z.array(customerSchema) });

export type Customer = z.infer<typeof customerSchema>;

export const DEFAULT_CUSTOMERS_PATH = 'dev/data/customers.json';

export async function loadCustomers(path: string = DEFAULT_CUSTOMERS_PATH): Promise<Customer[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the sample customers at ${path}: ${(err as Error).message}`);
  }
  const parsed = customersFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`${path}: invalid customers file at ${i?.path.join('.') ?? '?'}: ${i?.message ?? ''}`);
  }
  const seen = new Set<string>();
  for (const c of parsed.data.customers) {
    const key = c.email.toLowerCase();
    if (seen.has(key)) throw new Error(`${path}: customer ${c.email} appears twice`);
    seen.add(key);
  }
  return parsed.data.customers;
}

/** Finds a customer by address the way the real services do: case-insensitively. */
export function byEmail(customers: readonly Customer[], email: string): Customer | undefined {
  const key = email.trim().toLowerCase();
  return customers.find((c) => c.email.toLowerCase() === key);
}
