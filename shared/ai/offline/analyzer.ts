// The offline analyzer: triage without any external AI service. Local language detection (ELD),
// the trained category model with the multilingual lexicon (model.json, loaded once), and
// reviewed reply templates in nine languages that use the enrichment facts. Honest about its
// limits: the "translation" is an English gist of the detected cues, and thin evidence gets a
// confidence below the auto-assign threshold.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, TEAM_FOR_CATEGORY, type Analysis, type Category, type EnrichmentFacts, type Language } from '../../domain.js';
import type { AnalyzeInput, Analyzer } from '../../ports.js';
import { awaitFacts } from '../account-facts.js';
import { classify, type Decision } from './classify.js';
import { CONCEPTS, areasIn } from './lexicon.js';
import { ModelSchema, type Model } from './model.js';
import { prepare, type PreparedMail } from './prepare.js';
import { renderDraft } from './templates.js';
import { fold } from './text.js';

const MODEL_URL = new URL('./model.json', import.meta.url);
let cached: Model | undefined;

/** model.json, parsed and validated once per process. */
export function loadModel(path: string = fileURLToPath(MODEL_URL)): Model {
  if (cached && path === fileURLToPath(MODEL_URL)) return cached;
  const model = ModelSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  if (path === fileURLToPath(MODEL_URL)) cached = model;
  return model;
}

export interface OfflineAnalyzerOptions {
  model?: Model;
  /** How long a draft waits for enrichment facts before writing without them. */
  enrichmentWaitMs?: number;
}

const LANGUAGE_NAMES: Record<Language, string> = {
  de: 'German', fr: 'French', nl: 'Dutch', it: 'Italian', es: 'Spanish', en: 'English', pt: 'Portuguese', pl: 'Polish', sv: 'Swedish',
};

const CATEGORY_LABEL: Record<Category, string> = {
  'bug-report': 'Bug report',
  'refund-request': 'Refund request',
  'product-question': 'Product question',
  other: 'Other',
};

const isLanguage = (l: string): l is Language => (LANGUAGES as readonly string[]).includes(l);

/** First name for the greeting: from the From display name, else the account name; never an address. */
export function firstNameOf(displayName: string | undefined, accountName: string | undefined): string | undefined {
  for (const candidate of [displayName, accountName]) {
    if (!candidate) continue;
    // "Muster, Anna" → Anna; "anna.muster@x" or "Support" style names are not used.
    const name = candidate.includes(',') ? (candidate.split(',')[1] ?? '') : candidate;
    const first = name.trim().replace(/^["']|["']$/g, '').split(/\s+/)[0] ?? '';
    if (/^\p{L}[\p{L}'’-]{1,30}$/u.test(first) && !/@/.test(candidate)) {
      return first.charAt(0).toLocaleUpperCase() + first.slice(1);
    }
  }
  return undefined;
}

const CONCEPT_BY_ID = new Map(CONCEPTS.map((c) => [c.id, c]));
const DERIVED_GIST: Record<string, string> = { 'double-charge': 'charged twice', 'cancel+charged': 'charged around a cancellation' };

/** English phrases for the cues that support the chosen category (others would mislead). */
function cuePhrases(decision: Decision): string[] {
  const phrases: string[] = [];
  for (const id of decision.concepts) {
    const derived = DERIVED_GIST[id];
    if (derived && decision.category === 'refund-request') phrases.push(derived);
    const concept = CONCEPT_BY_ID.get(id);
    if (concept?.gist && (concept.prior[decision.category] ?? 0) > 0) phrases.push(concept.gist);
  }
  return [...new Set(phrases)].slice(0, 4);
}

/** Softmax over a handful of mails is never certain; keep room for doubt. */
const MAX_CONFIDENCE = 0.97;

export class OfflineAnalyzer implements Analyzer {
  readonly name = 'offline' as const;
  private readonly model: Model;
  private readonly enrichmentWaitMs: number;

  constructor(options: OfflineAnalyzerOptions = {}) {
    this.model = options.model ?? loadModel();
    this.enrichmentWaitMs = options.enrichmentWaitMs ?? 10_000;
  }

  /** Category, confidence and language only (no draft): what cross-validation and routing need. */
  judge(input: Pick<AnalyzeInput, 'mail'>): { prepared: PreparedMail; decision: Decision; language: Language; languageKnown: boolean } {
    const prepared = prepare(input.mail);
    const decision = classify(prepared, this.model);
    const languageKnown = isLanguage(prepared.language);
    const language: Language = isLanguage(prepared.language) ? prepared.language : 'en';
    return { prepared, decision, language, languageKnown };
  }

  async analyze(input: AnalyzeInput): Promise<Analysis> {
    const { prepared, decision, language, languageKnown } = this.judge(input);
    const notes: string[] = [...decision.notes];
    if (!languageKnown) notes.push('Language could not be detected; English is assumed and the ticket needs a human look.');
    else if (!prepared.languageReliable) notes.push(`Language detection (${language}) is uncertain for this short text.`);
    if (prepared.injectionSentences > 0) {
      notes.push(`The mail contains ${prepared.injectionSentences} sentence(s) addressed to an AI system; they were treated as data and ignored for category and draft.`);
    }

    const enrichment = await awaitFacts(input.enrichment, this.enrichmentWaitMs);
    const firstName = firstNameOf(input.mail.from.name, typeof enrichment?.account?.name === 'string' ? enrichment.account.name : undefined);
    const draft = renderDraft({ language, category: decision.category, firstName, enrichment, concepts: decision.concepts });

    const cues = cuePhrases(decision);
    const areas = areasIn(fold(`${prepared.subject}\n${prepared.text}`)).slice(0, 3);
    const summary =
      `${CATEGORY_LABEL[decision.category]} (${languageKnown ? LANGUAGE_NAMES[language] : 'unknown language'})` +
      (cues.length ? `: ${cues.join('; ')}` : ': no specific cue found') +
      (areas.length ? ` — area: ${areas.join(', ')}` : '') +
      '.';

    let translatedSubject: string;
    let translatedBody: string;
    if (language === 'en' && languageKnown) {
      translatedSubject = prepared.subject;
      translatedBody = prepared.text;
    } else {
      translatedSubject = `${CATEGORY_LABEL[decision.category]}${areas.length ? ` about ${areas.join(', ')}` : ''}`;
      translatedBody =
        `[Offline gist, not a translation] The customer writes in ${languageKnown ? LANGUAGE_NAMES[language] : 'an undetected language'}. ` +
        (cues.length ? `Detected: ${cues.join('; ')}.` : 'No specific request was recognised.') +
        (areas.length ? ` Product area: ${areas.join(', ')}.` : '');
      notes.push('Offline analyzer: the English subject and body are a gist built from detected cues, not a translation.');
    }

    const analysis: Analysis = {
      language,
      category: decision.category,
      confidence: Math.min(MAX_CONFIDENCE, decision.confidence),
      summary,
      translatedSubject,
      translatedBody,
      suggestedTeam: TEAM_FOR_CATEGORY[decision.category],
      draft,
      analyzer: 'offline',
      notes,
    };
    if (decision.degraded) analysis.degraded = decision.degraded;
    // Signals for the triage policy; whether the ticket waits for a human is decided there.
    if (prepared.injectionSentences > 0) analysis.injectionDetected = true;
    if (!languageKnown) analysis.needsHuman = 'the language could not be detected; English was assumed';
    return analysis;
  }
}
