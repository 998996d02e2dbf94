// Trains the offline category model on the training pool (tickets/ and the hand-written sets in
// fixtures/, not the held-out blind set) and writes shared/ai/offline/model.json, which is
// committed so the deployed app needs neither.
//   npx tsx shared/ai/offline/train.ts [ticketsDir]
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crossValidate } from './crossval.js';
import { DEFAULT_TICKETS_DIR, MODEL_PATH, buildModel, heldOutPool } from './training.js';

const dir = path.resolve(process.argv[2] ?? DEFAULT_TICKETS_DIR);
const pool = await heldOutPool(dir);
const model = await buildModel(dir, pool);
const cv = await crossValidate(pool, 5);
model.crossValidation = {
  folds: 5,
  categoryAccuracy: round(cv.categoryAccuracy),
  languageAccuracy: round(cv.languageAccuracy),
  autoPrecision: round(cv.auto.precision),
  autoCoverage: round(cv.auto.coverage),
  threshold: cv.auto.threshold,
};
await writeFile(MODEL_PATH, JSON.stringify(model) + '\n');
console.log(
  `model.json: ${model.trainedOn} mails, ${Object.keys(model.weights).length} features, ${model.calibration.x.length} calibration knots; ` +
    `CV category ${(cv.categoryAccuracy * 100).toFixed(1)} %, language ${(cv.languageAccuracy * 100).toFixed(1)} %, ` +
    `auto-routed ${(cv.auto.coverage * 100).toFixed(1)} % at ${(cv.auto.precision * 100).toFixed(1)} % precision`,
);

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
