// Moved to functions/app.ts (the composition root joins shared/ with bot/, so it sits beside the
// entry points). This path stays only for imports written before the move.
export * from '../functions/app.js';
