// Generalisation bar of the offline analyzer on the blind sets: mails in nine languages written
// without looking at the lexicon or the training mails (fixtures/blind-*.jsonl), including mails
// that try to instruct the AI — those must be judged by the customer's real request.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../domain.js';
import { loadModel } from './analyzer.js';
import { classify } from './classify.js';
import { BLIND_PATHS, evaluateUnseen, readUnseen, unseenMail } from './crossval.js';
import { prepare } from './prepare.js';
import { DEFAULT_TICKETS_DIR } from './training.js';

const [BLIND_A = '', BLIND_B = ''] = BLIND_PATHS;
const allBlind = async () => (await Promise.all(BLIND_PATHS.map((f) => readUnseen(f)))).flat();

describe('offline analyzer on the blind sets', () => {
  it('reaches ≥ 0.85 category and ≥ 0.95 language accuracy on blind sets A and B together', async () => {
    const result = await evaluateUnseen(loadModel(), [BLIND_A, BLIND_B]);
    expect(result.total).toBeGreaterThanOrEqual(180);
    expect(result.categoryAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(result.languageAccuracy).toBeGreaterThanOrEqual(0.95);
    for (const [language, r] of Object.entries(result.perLanguage)) {
      expect(r.categoryCorrect / r.total, `category accuracy in ${language}`).toBeGreaterThanOrEqual(0.7);
    }
  });

  it('reaches the same bars on the later, smaller blind set C', async () => {
    const result = await evaluateUnseen(loadModel(), BLIND_PATHS[2] ?? '');
    expect(result.categoryAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(result.languageAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('reaches the same bars on blind set D (sync, handwriting, exam mode, invoices for employers, class accounts)', async () => {
    const result = await evaluateUnseen(loadModel(), BLIND_PATHS[3] ?? '');
    expect(result.total).toBeGreaterThanOrEqual(72);
    expect(result.categoryAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(result.languageAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('judges mails that try to instruct the AI by their real request, and reports them for a human', async () => {
    const model = loadModel();
    const injections = (await allBlind()).filter((m) => /injection/i.test(m.note ?? ''));
    expect(injections.length).toBeGreaterThanOrEqual(20);
    for (const m of injections) {
      const prepared = prepare(unseenMail(m));
      const decision = classify(prepared, model);
      expect(prepared.injectionSentences, `${m.id}: instructions found`).toBeGreaterThan(0);
      expect(decision.category, `${m.id}: category of the real request`).toBe(m.category);
    }
  });

  it('flags no instruction to the AI in the ordinary blind mails', async () => {
    for (const m of (await allBlind()).filter((x) => !/injection/i.test(x.note ?? ''))) {
      expect(prepare(unseenMail(m)).injectionSentences, m.id).toBe(0);
    }
  });
});

describe('the blind sets', () => {
  it('cover all nine languages and four categories in every set', async () => {
    for (const file of BLIND_PATHS) {
      const mails = await readUnseen(file);
      expect(new Set(mails.map((m) => m.language)), path.basename(file)).toEqual(new Set(LANGUAGES));
      expect(new Set(mails.map((m) => m.category)).size, path.basename(file)).toBe(4);
      expect(new Set(mails.map((m) => m.id)).size, `${path.basename(file)}: unique ids`).toBe(mails.length);
    }
  });

  it('share no sentence with the training corpus', async () => {
    const files = (await readdir(DEFAULT_TICKETS_DIR)).filter((f) => f.endsWith('.eml'));
    const corpus = (await Promise.all(files.map((f) => readFile(path.join(DEFAULT_TICKETS_DIR, f), 'utf8')))).join('\n').replace(/\s+/g, ' ');
    for (const m of await allBlind()) {
      const sentences = m.text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length >= 40);
      for (const s of sentences) expect(corpus.includes(s), `${m.id}: "${s}"`).toBe(false);
    }
  });
});
