// Small in-memory fakes for unit tests: subscriptions, a scripted analyzer, a static enricher.
import { TEAM_FOR_CATEGORY, type Analysis, type Category, type EnrichmentFacts } from '../domain.js';
import { AppError } from '../errors.js';
import type { AnalyzeInput, Analyzer, Enricher, Subscription, Subscriptions } from '../ports.js';

export class FakeSubscriptions implements Subscriptions {
  readonly subs = new Map<string, Subscription>();
  readonly calls: Record<string, number> = {};
  private n = 0;

  private count(op: string): void {
    this.calls[op] = (this.calls[op] ?? 0) + 1;
  }

  async list(): Promise<Subscription[]> {
    this.count('list');
    return [...this.subs.values()].map((s) => ({ ...s }));
  }

  async create(input: Parameters<Subscriptions['create']>[0]): Promise<Subscription> {
    this.count('create');
    const { changeTypes, ...rest } = input;
    const changeType = [...new Set(changeTypes?.length ? changeTypes : ['created'])].join(',');
    for (const s of this.subs.values()) {
      // Graph refuses a second subscription for the same resource and change types (409).
      if (s.resource === input.resource && s.notificationUrl === input.notificationUrl && (s.changeType ?? 'created') === changeType) {
        throw new AppError('conflict', `graph: 409 Subscription Id ${s.id} already exists for the requested combination`, { service: 'graph', status: 409 });
      }
    }
    const sub: Subscription = { id: `sub-${++this.n}`, ...rest, changeType };
    this.subs.set(sub.id, sub);
    return { ...sub };
  }

  async renew(id: string, expirationDateTime: string): Promise<Subscription> {
    this.count('renew');
    const s = this.subs.get(id);
    if (!s) throw new AppError('not-found', `graph: 404 subscription ${id} not found`, { service: 'graph', status: 404 });
    s.expirationDateTime = expirationDateTime;
    return { ...s };
  }

  async remove(id: string): Promise<void> {
    this.count('remove');
    this.subs.delete(id);
  }
}

export function analysisFor(category: Category, overrides: Partial<Analysis> = {}): Analysis {
  return {
    language: 'de',
    category,
    confidence: 0.9,
    summary: `Customer writes about ${category}`,
    translatedSubject: 'Subject',
    translatedBody: 'Body in English',
    suggestedTeam: TEAM_FOR_CATEGORY[category],
    draft: 'Hallo,\n\ndanke für Ihre Nachricht.\n\nViele Grüße\nStudyflash Support',
    analyzer: 'offline',
    notes: [],
    ...overrides,
  };
}

/** Answers with `respond(input)`; records every input it saw. */
export class ScriptedAnalyzer implements Analyzer {
  readonly name = 'offline' as const;
  readonly inputs: AnalyzeInput[] = [];
  constructor(private respond: (input: AnalyzeInput) => Analysis | Promise<Analysis> = () => analysisFor('product-question')) {}
  script(respond: (input: AnalyzeInput) => Analysis | Promise<Analysis>): void {
    this.respond = respond;
  }
  async analyze(input: AnalyzeInput): Promise<Analysis> {
    this.inputs.push(input);
    return this.respond(input);
  }
}

export function factsFor(email: string): EnrichmentFacts {
  return {
    email,
    account: { plan: 'premium', status: 'active', signupDate: '2025-09-01', country: 'DE' },
    errors: [],
    recordings: { count: 0, links: [] },
    sources: { account: { status: 'ok' }, sentry: { status: 'ok' }, posthog: { status: 'ok' } },
  };
}

export class StaticEnricher implements Enricher {
  readonly emails: string[] = [];
  constructor(private readonly respond: (email: string) => EnrichmentFacts | Promise<EnrichmentFacts> = factsFor) {}
  async enrich(email: string): Promise<EnrichmentFacts> {
    this.emails.push(email);
    return this.respond(email);
  }
}
