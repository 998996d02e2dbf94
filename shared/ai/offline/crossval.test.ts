import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../domain.js';
import { loadModel } from './analyzer.js';
import { crossValidate, evaluateUnseen, readUnseen } from './crossval.js';
import { DEFAULT_TICKETS_DIR } from './training.js';

describe('offline analyzer accuracy', () => {
  it('reaches ≥ 0.85 category and ≥ 0.95 language accuracy in 5-fold cross-validation on tickets/', async () => {
    const cv = await crossValidate(DEFAULT_TICKETS_DIR, 5);
    expect(cv.total).toBeGreaterThanOrEqual(90);
    expect(cv.categoryAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(cv.languageAccuracy).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it('reaches the same bars on hand-written mails it has never seen, in all nine languages', async () => {
    const result = await evaluateUnseen(loadModel());
    expect(result.categoryAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(result.languageAccuracy).toBeGreaterThanOrEqual(0.95);
    for (const [language, r] of Object.entries(result.perLanguage)) {
      expect(r.categoryCorrect / r.total, `category accuracy in ${language}`).toBeGreaterThanOrEqual(0.6);
    }
  });
});

describe('the unseen set', () => {
  it('has at least 30 mails covering all nine languages, all categories and injection attempts', async () => {
    const mails = await readUnseen();
    expect(mails.length).toBeGreaterThanOrEqual(30);
    expect(new Set(mails.map((m) => m.language))).toEqual(new Set(LANGUAGES));
    expect(new Set(mails.map((m) => m.category)).size).toBe(4);
    expect(mails.filter((m) => /injection/i.test(m.note ?? '')).length).toBeGreaterThanOrEqual(4);
  });

  it('shares no sentence with the training corpus', async () => {
    const files = (await readdir(DEFAULT_TICKETS_DIR)).filter((f) => f.endsWith('.eml'));
    const corpus = (await Promise.all(files.map((f) => readFile(path.join(DEFAULT_TICKETS_DIR, f), 'utf8')))).join('\n').replace(/\s+/g, ' ');
    for (const m of await readUnseen()) {
      const sentences = m.text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length >= 40);
      for (const s of sentences) expect(corpus.includes(s), `${m.id}: "${s}"`).toBe(false);
    }
  });
});
