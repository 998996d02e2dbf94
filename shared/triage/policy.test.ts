import { describe, expect, it } from 'vitest';
import type { Analysis, InboundMail } from '../domain.js';
import { analysisSignals, decideTriage, mailSignals, triagePolicy } from './policy.js';

const analysis = (over: Partial<Analysis> = {}): Analysis => ({
  language: 'de',
  category: 'bug-report',
  confidence: 0.9,
  summary: 's',
  translatedSubject: 's',
  translatedBody: 'b',
  suggestedTeam: 'engineering',
  draft: 'Hallo',
  analyzer: 'claude',
  notes: [],
  ...over,
});
const mail = (over: Partial<InboundMail> & { to?: { address: string }[] } = {}): InboundMail & { to?: { address: string }[] } => ({
  messageId: 'm1',
  from: { address: 'anna@example.com', name: 'Anna' },
  subject: 'Quiz',
  text: 'Der Quiz-Modus stürzt ab.',
  ...over,
});

describe('the triage policy', () => {
  const cases: { name: string; analysis: Partial<Analysis>; mail?: Parameters<typeof mail>[0]; threshold: number; needsTriage: boolean; reason?: RegExp }[] = [
    { name: 'a confident, clean ticket is auto-routed', analysis: {}, threshold: 0.75, needsTriage: false },
    { name: 'confidence below the threshold holds the ticket', analysis: { confidence: 0.6 }, threshold: 0.75, needsTriage: true, reason: /confidence 0\.60 below 0\.75/ },
    { name: 'confidence exactly at the threshold is auto-routed', analysis: { confidence: 0.75 }, threshold: 0.75, needsTriage: false },
    { name: 'injection holds a 0.99 ticket at the default threshold', analysis: { confidence: 0.99, injectionDetected: true }, threshold: 0.75, needsTriage: true, reason: /instructions aimed at the AI/ },
    { name: 'injection holds the ticket even with a threshold of 0', analysis: { confidence: 0.99, injectionDetected: true }, threshold: 0, needsTriage: true, reason: /instructions aimed at the AI/ },
    { name: 'injection holds the ticket with a threshold of 0.3', analysis: { confidence: 0.5, injectionDetected: true, analyzer: 'offline' }, threshold: 0.3, needsTriage: true, reason: /instructions aimed at the AI/ },
    { name: 'a model asking for a human holds the ticket whatever the threshold', analysis: { confidence: 1, needsHuman: 'legal threat' }, threshold: 0, needsTriage: true, reason: /asks for a human: legal threat/ },
    { name: 'a degraded analysis holds the ticket', analysis: { confidence: 0.95, degraded: 'Claude timed out' }, threshold: 0.75, needsTriage: true, reason: /analysis degraded: Claude timed out/ },
    { name: 'an unknown language holds the ticket', analysis: { language: 'und' }, threshold: 0.75, needsTriage: true, reason: /language could not be detected/ },
    { name: 'a spoofed sender holds the ticket', analysis: {}, mail: { from: { address: 'x@evil.example', name: 'Studyflash Support' } }, threshold: 0.75, needsTriage: true, reason: /imitates Studyflash/ },
    { name: 'hidden direction characters hold the ticket', analysis: {}, mail: { text: 'invoice\u202Efdp.exe please open' }, threshold: 0.75, needsTriage: true, reason: /hidden text-direction/ },
    { name: 'a mass mailing holds the ticket', analysis: {}, mail: { to: Array.from({ length: 30 }, (_, i) => ({ address: `r${i}@example.com` })) }, threshold: 0.75, needsTriage: true, reason: /mass mailing/ },
    { name: 'a mail without body text holds the ticket (the subject alone was judged)', analysis: {}, mail: { text: '  \n ' }, threshold: 0.75, needsTriage: true, reason: /no readable body text/ },
    { name: 'a very long mail holds the ticket', analysis: {}, mail: { text: 'a '.repeat(30_000) }, threshold: 0.75, needsTriage: true, reason: /very long mail/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = triagePolicy(analysis(c.analysis), mail(c.mail), c.threshold);
      expect(d.needsTriage).toBe(c.needsTriage);
      if (c.reason) expect(d.reasons.join(' | ')).toMatch(c.reason);
      else expect(d.reasons).toEqual([]);
    });
  }

  it('lists every reason, most serious first, without duplicates', () => {
    const d = triagePolicy(analysis({ confidence: 0.4, injectionDetected: true, degraded: 'cut off', needsHuman: 'unclear' }), mail(), 0.75);
    expect(d.reasons).toEqual([
      'analysis degraded: cut off',
      'the mail contains instructions aimed at the AI',
      'the analyzer asks for a human: unclear',
      'confidence 0.40 below 0.75',
    ]);
  });

  it('never states a confidence as high as the threshold it is below', () => {
    expect(triagePolicy(analysis({ confidence: 0.935 }), mail(), 0.94).reasons).toEqual(['confidence 0.93 below 0.94']);
    expect(triagePolicy(analysis({ confidence: 0.29 }), mail(), 0.75).reasons).toEqual(['confidence 0.29 below 0.75']);
  });

  it('treats the Claude and the offline analysis alike: the same signals give the same decision', () => {
    for (const analyzer of ['claude', 'offline'] as const) {
      expect(triagePolicy(analysis({ analyzer, confidence: 0.97, injectionDetected: true }), mail(), 0.75).needsTriage).toBe(true);
    }
  });

  it('holds nothing when there are no signals at all', () => {
    expect(decideTriage([])).toEqual({ needsTriage: false, reasons: [] });
    expect(analysisSignals(analysis(), 0.75)).toEqual([]);
    expect(mailSignals(mail())).toEqual([]);
  });
});
