import type { LanguageSet } from '../spec.js';
export const fr: LanguageSet = { language: 'fr', mails: [] };
