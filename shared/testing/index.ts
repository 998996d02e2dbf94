// In-memory fakes of every port, and a ready-made set of pipeline dependencies for unit tests.
import type { Logger } from '../log.js';
import type { RosterMember } from '../ports.js';
import { StaticRoster } from '../roster.js';
import { RecordingTicketCards } from '../tickets/cards.js';
import type { ProcessDeps } from '../tickets/process.js';
import { FakeMailbox } from './fake-mailbox.js';
import { ScriptedAnalyzer, StaticEnricher } from './fakes.js';
import { InMemoryTicketStore } from './memory-store.js';

export { FakeMailbox, type StoredMessage } from './fake-mailbox.js';
export { FakeSubscriptions, ScriptedAnalyzer, StaticEnricher, analysisFor, factsFor } from './fakes.js';
export { InMemoryTicketStore } from './memory-store.js';
export { InMemorySendQueue, InMemoryWorkQueue } from './memory-queue.js';
export { InjectedFault, failOn } from './faults.js';
export { RecordingTicketCards } from '../tickets/cards.js';

export const TEST_ROSTER: RosterMember[] = [
  { aadObjectId: 'lead-1', name: 'Lena Lead', email: 'lena@studyflash.test', role: 'lead', categories: ['refund-request', 'other'] },
  { aadObjectId: 'agent-bug', name: 'Jan Bugs', email: 'jan@studyflash.test', role: 'agent', categories: ['bug-report'] },
  { aadObjectId: 'agent-pq', name: 'Sophie Product', email: 'sophie@studyflash.test', role: 'agent', categories: ['product-question', 'bug-report'] },
  { aadObjectId: 'agent-refund', name: 'Marco Refunds', email: 'marco@studyflash.test', role: 'agent', categories: ['refund-request', 'product-question'] },
  { aadObjectId: 'agent-other', name: 'Elena Other', email: 'elena@studyflash.test', role: 'agent', categories: ['other', 'refund-request'] },
];

export interface TestPipeline {
  mailbox: FakeMailbox;
  store: InMemoryTicketStore;
  analyzer: ScriptedAnalyzer;
  enricher: StaticEnricher;
  cards: RecordingTicketCards;
  roster: StaticRoster;
  deps: ProcessDeps;
}

export function createTestPipeline(overrides: Partial<ProcessDeps> = {}): TestPipeline {
  const mailbox = new FakeMailbox();
  const store = new InMemoryTicketStore();
  const analyzer = new ScriptedAnalyzer();
  const enricher = new StaticEnricher();
  const cards = new RecordingTicketCards();
  const roster = new StaticRoster(TEST_ROSTER);
  const deps: ProcessDeps = {
    mailbox,
    store,
    analyzer,
    enricher,
    cards,
    roster,
    settings: { confidenceThreshold: 0.75 },
    sleep: async () => undefined,
    log: silentLogger,
    ...overrides,
  };
  return { mailbox, store, analyzer, enricher, cards, roster, deps };
}

/** A logger that drops everything (unit tests assert on behaviour, not log lines). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
