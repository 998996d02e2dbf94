import type { LanguageSet } from '../spec.js';
export const pt: LanguageSet = { language: 'pt', mails: [] };
export const pl: LanguageSet = { language: 'pl', mails: [] };
export const sv: LanguageSet = { language: 'sv', mails: [] };
