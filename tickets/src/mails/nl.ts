import type { LanguageSet } from '../spec.js';
export const nl: LanguageSet = { language: 'nl', mails: [] };
