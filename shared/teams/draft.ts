// The reply draft as Outlook HTML: one conversion for the whole app, in shared/mail/draft-html.ts.
export { draftToHtml, escapeHtml } from '../mail/draft-html.js';
