import type { LanguageSet } from '../spec.js';
export const es: LanguageSet = { language: 'es', mails: [] };
