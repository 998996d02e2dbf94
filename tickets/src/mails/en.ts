import type { LanguageSet } from '../spec.js';
export const en: LanguageSet = { language: 'en', mails: [] };
