// A small, fixed set of customers for tests: independent of dev/data/customers.json, with the
// awkward cases the adapters must survive (a quote and a plus in an address, hostile text).
import type { Customer } from './customers.js';

export const FIXTURE_CUSTOMERS: Customer[] = [
  {
    email: 'lena.meier@example.ch',
    name: 'Lena Meier',
    plan: 'premium-yearly',
    status: 'active',
    signupDate: '2025-09-01',
    country: 'CH',
    platform: 'ios',
    renewalDate: '2026-09-01',
    recordings: 3,
    sentryIssues: [
      { title: 'EXC_BAD_ACCESS in DeckSyncService', culprit: 'Studyflash/Sync/DeckSyncService.swift', count: 12, lastSeenDaysAgo: 2, level: 'fatal' },
      { title: 'URLError: The request timed out', culprit: 'Studyflash/Net/Client.swift', count: 4, lastSeenDaysAgo: 6, level: 'error' },
      { title: 'Old crash outside the window', culprit: 'Studyflash/Legacy.swift', count: 99, lastSeenDaysAgo: 20, level: 'error' },
    ],
  },
  {
    email: "o'brien+study@example.ie",
    name: "Siobhán O'Brien",
    plan: 'free',
    status: 'trial',
    signupDate: '2026-01-15',
    country: 'IE',
    platform: 'web',
    recordings: 0,
    sentryIssues: [{ title: 'TypeError: deck is undefined', culprit: 'app/decks/[id].tsx', count: 1, lastSeenDaysAgo: 0, level: 'error' }],
  },
  {
    email: 'hostile@example.com',
    name: '<script>alert("x")</script> & Co',
    plan: 'premium-monthly',
    status: 'past_due',
    signupDate: '2025-12-24',
    country: 'DE',
    platform: 'android',
    renewalDate: '2026-02-24',
    recordings: 1,
    sentryIssues: [{ title: '<img src=x onerror=alert(1)>', culprit: 'x', count: 2, lastSeenDaysAgo: 1, level: 'warning' }],
  },
  {
    email: 'many.errors@example.com',
    name: 'Many Errors',
    plan: 'free',
    status: 'active',
    signupDate: '2026-03-03',
    country: 'FR',
    platform: 'web',
    recordings: 60,
    sentryIssues: Array.from({ length: 7 }, (_, i) => ({ title: `Error number ${i + 1}`, culprit: `module${i}.ts`, count: i + 1, lastSeenDaysAgo: i, level: 'error' as const })),
  },
];
