// The shape of one hand-written sample mail. tickets/src/build.ts turns these into the .eml
// files, tickets/labels.jsonl and dev/data/customers.json, so that all three stay consistent.
import type { Category, Language } from '../../shared/domain.js';

export type Mailer = 'gmail' | 'apple' | 'iphone' | 'outlook' | 'thunderbird' | 'android' | 'webmail' | 'exchange';

export interface SentryIssueSpec {
  title: string;
  culprit: string;
  count: number;
  lastSeenDaysAgo: number;
  level: 'error' | 'warning';
}

export interface AccountSpec {
  plan: 'free' | 'premium-monthly' | 'premium-yearly';
  status: 'active' | 'trial' | 'cancelled' | 'past_due';
  signupDate: string;
  country: string;
  platform: 'ios' | 'android' | 'web';
  renewalDate?: string;
  sentryIssues?: SentryIssueSpec[];
  recordings: number;
}

export interface AttachmentSpec {
  kind: 'png' | 'pdf';
  filename: string;
  /** Text drawn into the PDF / used to vary the PNG. */
  caption: string;
  inline?: boolean;
}

export interface FollowUpSpec {
  /** slug of the earlier sample this continues. */
  of: string;
  /**
   * 'self': the customer writes again on their own earlier mail.
   * 'support': the customer answers support's reply (quoted), which quoted the original.
   */
  via: 'self' | 'support';
  /** Support's reply text (only for via 'support'). */
  supportReply?: string;
  supportAgent?: string;
  /** Minutes after the original the support reply was sent. */
  supportAfterMinutes?: number;
  /** How the client quotes: '>' lines (default) or an Outlook header block. */
  quoteStyle?: 'gt' | 'outlook';
  /** Leave the quoted history out (some clients / users delete it). */
  noQuote?: boolean;
}

export interface MailSpec {
  slug: string;
  category: Category;
  from: [name: string, email: string];
  /** 'YYYY-MM-DD HH:MM +ZZZZ' local time of the sender. */
  date: string;
  subject: string;
  mailer: Mailer;
  /** Plain text body. Omit for HTML-only mail. */
  text?: string;
  /** HTML body; 'auto' derives it from text (clients that send multipart/alternative). */
  html?: string | 'auto';
  notes?: string;
  followUp?: FollowUpSpec;
  autoReply?: true;
  attachments?: AttachmentSpec[];
  headers?: Record<string, string>;
  /** undefined: sender's account was given on an earlier mail; null: no Studyflash account. */
  account?: AccountSpec | null;
  /** Extra recipients on To/Cc besides the support mailbox. */
  cc?: string[];
  /** Sent to another address of ours (e.g. hello@) that forwards to support. */
  to?: string;
}

export interface LanguageSet {
  language: Language;
  mails: MailSpec[];
}
