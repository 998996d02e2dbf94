// Trains the offline category model on tickets/ and writes shared/ai/offline/model.json, which is
// committed so the deployed app needs no tickets/ folder.
//   npx tsx shared/ai/offline/train.ts [ticketsDir]
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crossValidate } from './crossval.js';
import { DEFAULT_TICKETS_DIR, MODEL_PATH, buildModel } from './training.js';

const dir = path.resolve(process.argv[2] ?? DEFAULT_TICKETS_DIR);
const model = await buildModel(dir);
const cv = await crossValidate(dir, 5);
model.crossValidation = { folds: 5, categoryAccuracy: cv.categoryAccuracy, languageAccuracy: cv.languageAccuracy };
await writeFile(MODEL_PATH, JSON.stringify(model) + '\n');
console.log(
  `model.json: ${model.trainedOn} mails, ${Object.keys(model.weights).length} features, T=${model.temperature}, ` +
    `CV category ${(cv.categoryAccuracy * 100).toFixed(1)} %, language ${(cv.languageAccuracy * 100).toFixed(1)} %`,
);
