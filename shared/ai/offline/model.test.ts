import { describe, expect, it } from 'vitest';
import { loadModel } from './analyzer.js';
import { corpusHash } from './corpus.js';
import { DEFAULT_TICKETS_DIR, buildModel, lexiconHash } from './training.js';

describe('model.json', () => {
  it('was trained on the current tickets/ corpus and lexicon (run `npx tsx shared/ai/offline/train.ts` when this fails)', async () => {
    const model = loadModel();
    expect(model.lexiconHash).toBe(lexiconHash());
    expect(model.corpusHash).toBe(await corpusHash(DEFAULT_TICKETS_DIR));
  });

  it('equals a fresh training run on the corpus (training is deterministic)', async () => {
    const committed = loadModel();
    const fresh = await buildModel(DEFAULT_TICKETS_DIR);
    expect(fresh.trainedOn).toBe(committed.trainedOn);
    expect(fresh.temperature).toBe(committed.temperature);
    expect(fresh.bias).toEqual(committed.bias);
    expect(fresh.weights).toEqual(committed.weights);
  }, 60_000);
});
