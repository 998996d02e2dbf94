import type { LanguageSet } from '../spec.js';
export const it: LanguageSet = { language: 'it', mails: [] };
