import { describe, expect, it } from 'vitest';
import { draftSimilarity, draftUse } from './draft-use.js';

const AI = 'Hallo Jana,\n\ndanke für deine Nachricht. Du kannst deine Karten unter Einstellungen → Export als PDF oder CSV exportieren.\n\nViele Grüße\nStudyflash Support';

describe('how much of the AI draft a sent reply kept', () => {
  it.each([
    ['the draft as it is', AI, 'unchanged'],
    ['the draft with other line breaks and a closing signature from Outlook', `${AI.replace(/\n\n/g, '\n')}\n\n-- \nLea Meier\nStudyflash`, 'unchanged'],
    ['the draft with quoted history below it', `${AI}\n\n-----Original Message-----\nFrom: Jana\nWie exportiere ich?`, 'unchanged'],
    ['the draft with a sentence added', AI.replace('exportieren.', 'exportieren. Auf dem Handy findest du den Export im Menü oben rechts.'), 'edited'],
    ['half of the draft kept, the rest rewritten', 'Hallo Jana,\n\ndanke für deine Nachricht. Leider ist der Export gerade gestört; wir melden uns, sobald er wieder geht.\n\nViele Grüße\nLea', 'rewritten'],
    ["an agent's own reply", 'Hi Jana, could you send us a screenshot of the settings page? Thanks, Lea', 'none'],
  ])('%s → %s', (_name, reply, expected) => {
    expect(draftUse(AI, reply)).toBe(expected);
  });

  it('with no AI draft there is nothing to keep', () => {
    expect(draftUse('', 'Any reply')).toBe('none');
  });

  it('similarity is symmetric, 1 for the same words and 0 for nothing in common', () => {
    expect(draftSimilarity('a b c', 'c b a')).toBeCloseTo(draftSimilarity('c b a', 'a b c'));
    expect(draftSimilarity('Alpha beta, gamma!', 'alpha BETA gamma')).toBe(1);
    expect(draftSimilarity('alpha beta', 'gamma delta')).toBe(0);
  });
});
