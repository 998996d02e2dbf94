// The one triage policy: does a human have to look at this ticket before anyone acts on it?
// Analyzers (Claude and offline) only report signals — category, confidence, injection detected,
// "a human should look", degraded analysis — and the pipeline adds what the mail itself shows
// (risks such as a spoofed sender or hidden characters, anomalies such as a very long or mass
// mail). This module alone turns those signals into needs-triage, with every reason that applies,
// so the threshold means one thing: how sure the category must be. Injection and an explicit
// request for a human hold the ticket whatever the threshold is.
import type { Analysis } from '../domain.js';
import { RISK_NOTE, mailRisks, type MailRisk } from '../mail/signals.js';
import type { InboundMail } from '../domain.js';
import { mailConcerns } from '../tickets/anomalies.js';
import type { MailboxMessage } from '../ports.js';

/** What the pipeline knows about a ticket when it decides; one closed list of kinds. */
export type TriageSignal =
  | { kind: 'degraded'; detail: string }
  | { kind: 'injection' }
  | { kind: 'needs-human'; detail: string }
  | { kind: 'mail-risk'; risk: MailRisk }
  | { kind: 'anomaly'; detail: string }
  | { kind: 'unknown-language' }
  | { kind: 'low-confidence'; confidence: number; threshold: number };

export interface TriageDecision {
  needsTriage: boolean;
  /** Every reason that applies, in a fixed order (most serious first); empty when auto-routed. */
  reasons: string[];
}

/** Signals the analysis itself carries (both analyzers fill the same fields). */
export function analysisSignals(analysis: Pick<Analysis, 'degraded' | 'injectionDetected' | 'needsHuman' | 'language' | 'confidence'>, threshold: number): TriageSignal[] {
  const out: TriageSignal[] = [];
  if (analysis.degraded) out.push({ kind: 'degraded', detail: analysis.degraded });
  if (analysis.injectionDetected) out.push({ kind: 'injection' });
  if (analysis.needsHuman) out.push({ kind: 'needs-human', detail: analysis.needsHuman });
  if (analysis.language === 'und') out.push({ kind: 'unknown-language' });
  if (analysis.confidence < threshold) out.push({ kind: 'low-confidence', confidence: analysis.confidence, threshold });
  return out;
}

/** Signals the mail shows whatever the analyzer says: warning signs and anomalies. */
export function mailSignals(mail: InboundMail & Partial<Pick<MailboxMessage, 'to'>>): TriageSignal[] {
  return [
    ...mailRisks(mail).map((risk): TriageSignal => ({ kind: 'mail-risk', risk })),
    ...mailConcerns({ text: mail.text, to: mail.to }).map((detail): TriageSignal => ({ kind: 'anomaly', detail })),
  ];
}

const ORDER: Record<TriageSignal['kind'], number> = {
  degraded: 0,
  injection: 1,
  'needs-human': 2,
  'mail-risk': 3,
  anomaly: 4,
  'unknown-language': 5,
  'low-confidence': 6,
};

export function reasonText(signal: TriageSignal): string {
  switch (signal.kind) {
    case 'degraded':
      return `analysis degraded: ${signal.detail}`;
    case 'injection':
      return 'the mail contains instructions aimed at the AI';
    case 'needs-human':
      return `the analyzer asks for a human: ${signal.detail}`;
    case 'mail-risk':
      return RISK_NOTE[signal.risk];
    case 'anomaly':
      return signal.detail;
    case 'unknown-language':
      return 'the language could not be detected';
    case 'low-confidence':
      // Rounded down: 0.935 against 0.94 must not read "0.94 below 0.94".
      return `confidence ${(Math.floor(signal.confidence * 100 + 1e-9) / 100).toFixed(2)} below ${signal.threshold}`;
  }
}

/** Any signal means a human looks first; the reasons say why, most serious first. */
export function decideTriage(signals: readonly TriageSignal[]): TriageDecision {
  const sorted = [...signals].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  const reasons = [...new Set(sorted.map(reasonText))];
  return { needsTriage: reasons.length > 0, reasons };
}

/** The whole policy for one analysed mail. */
export function triagePolicy(analysis: Analysis, mail: InboundMail & Partial<Pick<MailboxMessage, 'to'>>, threshold: number): TriageDecision {
  return decideTriage([...analysisSignals(analysis, threshold), ...mailSignals(mail)]);
}
