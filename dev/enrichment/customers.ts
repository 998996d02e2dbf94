// The sample customers the local world's Sentry, PostHog and accounts database are seeded from
// (dev/data/customers.json, consistent with the sample tickets), validated on load with the one
// schema of dev/data/customers.ts.
import { readFile } from 'node:fs/promises';
import { CustomersFileSchema, type Customer } from '../data/customers.js';

export type { Customer };

export const DEFAULT_CUSTOMERS_PATH = 'dev/data/customers.json';

export async function loadCustomers(path: string = DEFAULT_CUSTOMERS_PATH): Promise<Customer[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the sample customers at ${path}: ${(err as Error).message}`);
  }
  const parsed = CustomersFileSchema.safeParse(JSON.parse(text));
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
