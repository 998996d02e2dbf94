// The Studyflash accounts behind the sample senders (dev/data/customers.json): one schema for
// everyone who seeds from it (local Postgres, mock Sentry, mock PostHog) and for the corpus test.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const SentryIssueSchema = z.object({
  title: z.string().min(1),
  culprit: z.string().min(1),
  count: z.number().int().positive(),
  lastSeenDaysAgo: z.number().int().min(0),
  level: z.enum(['debug', 'info', 'warning', 'error', 'fatal']), // Sentry's levels
});

export const CustomerSchema = z.object({
  email: z.string().email(),
  name: z.string().min(1),
  plan: z.enum(['free', 'premium-monthly', 'premium-yearly']),
  status: z.enum(['active', 'trial', 'cancelled', 'past_due']),
  signupDate: isoDate,
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2'),
  platform: z.enum(['ios', 'android', 'web']),
  renewalDate: isoDate.optional(),
  sentryIssues: z.array(SentryIssueSchema),
  recordings: z.number().int().min(0),
});

export const CustomersFileSchema = z.object({ customers: z.array(CustomerSchema) });

export type SentryIssue = z.infer<typeof SentryIssueSchema>;
export type Customer = z.infer<typeof CustomerSchema>;

export const CUSTOMERS_PATH = fileURLToPath(new URL('./customers.json', import.meta.url));

/** Reads and validates the accounts file; throws a zod error naming the bad field. */
export async function loadCustomers(path: string = CUSTOMERS_PATH): Promise<Customer[]> {
  const json: unknown = JSON.parse(await readFile(path, 'utf8'));
  return CustomersFileSchema.parse(json).customers;
}
