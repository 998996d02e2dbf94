// The one path from a mail to what the offline model sees, shared by the analyzer, training and
// cross-validation so that all three judge exactly the same text.
import type { InboundMail } from '../../domain.js';
import { cleanForAnalysis, isReplySubject } from '../../mail/clean.js';
import { mailRisks, type MailRisk } from '../../mail/signals.js';
import { detectLanguage } from '../language.js';
import { featurize, featurizeBoth, type Features } from './model.js';
import { isInjection, withoutInjection } from './text.js';

export interface PreparedMail {
  subject: string;
  /** The customer's newest text without quoted history, signature or injection sentences. */
  text: string;
  /** Sentences addressed to an AI that were removed before judging the mail. */
  injectionSentences: number;
  language: string;
  languageReliable: boolean;
  /** How the language was found: body, subject + body, or not at all. */
  languageSource: 'body' | 'subject' | 'unknown';
  features: Features;
  /** The features of the text without the subject (equal to `features` when the subject is not judged). */
  textFeatures: Features;
  letters: number;
  /** Warning signs that keep the ticket with a human (see mail/signals.ts). */
  risks: MailRisk[];
}

/** Letters of new text from which a reply is judged by its body alone. */
const REPLY_BODY_LETTERS = 40;
const letterCount = (text: string): number => text.match(/\p{L}/gu)?.length ?? 0;

export function prepare(mail: InboundMail): PreparedMail {
  const cleaned = cleanForAnalysis(mail);
  const body = withoutInjection(cleaned.text);
  const subjectIsInjection = isInjection(cleaned.subject);
  const subject = subjectIsInjection ? '' : cleaned.subject;
  const injectionSentences = body.dropped + (subjectIsInjection ? 1 : 0);

  let detected = detectLanguage(body.text);
  let languageSource: PreparedMail['languageSource'] = 'body';
  // Short or unclear bodies get the subject's words as extra evidence.
  if (detected.language === 'und' || (!detected.reliable && body.text.length < 200)) {
    const withSubject = detectLanguage(`${subject}\n${body.text || cleaned.text}`);
    if (withSubject.language !== 'und' && (detected.language === 'und' || withSubject.reliable)) {
      detected = withSubject;
      languageSource = detected.language === 'und' ? 'unknown' : body.text ? 'body' : 'subject';
    }
  }
  const risks = mailRisks(mail);
  // Japanese, Arabic, Hebrew…: a guess among our nine languages would be wrong; say unknown.
  if (risks.includes('unsupported-script')) detected = { language: 'und', reliable: false };
  if (detected.language === 'und') languageSource = 'unknown';

  // A reply's subject names the thread's old topic, and a mail that tries to instruct the AI may
  // steer by its subject as well ("URGENT: refund" over a question): the new text decides when
  // there is enough of it.
  const textDecides = isReplySubject(mail.subject ?? '') || injectionSentences > 0;
  const byTextAlone = subject === '' || (textDecides && letterCount(body.text) >= REPLY_BODY_LETTERS);
  const both = byTextAlone ? textOnly(body.text) : featurizeBoth(subject, body.text);
  return {
    subject,
    text: body.text,
    injectionSentences,
    language: detected.language,
    languageReliable: detected.reliable,
    languageSource,
    features: both.full,
    textFeatures: both.text,
    letters: letterCount(`${subject} ${body.text}`),
    risks,
  };
}

function textOnly(text: string): { full: Features; text: Features } {
  const features = featurize('', text);
  return { full: features, text: features };
}
