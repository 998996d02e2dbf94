// The card checker used on hostile mail must itself catch each kind of injection; otherwise the
// hostile-mail test could pass on cards it does not understand.
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../shared/domain.js';
import { cardProblems } from './card-safety.js';

const ticket = { id: 'T-1', enrichment: { errors: [{ link: 'https://sentry.example.test/issues/1' }], recordings: { links: [] } } } as unknown as Ticket;
const card = (body: unknown[], actions: unknown[] = []) => ({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions });
const block = (text: string) => ({ type: 'TextBlock', text });

describe('card safety checker', () => {
  it('accepts escaped markdown, broken URLs and links to our own enrichment sources', () => {
    const ok = card([
      block('\\[click\\]\\(javascript:alert\\(1\\)\\) and https:\u200B//evil.example'),
      block('[Sentry issue](https://sentry.example.test/issues/1)'),
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '[literal](javascript:alert(1)) <at>x</at>' }] },
    ], [{ type: 'Action.Execute', verb: 'claim', data: { ticketId: 'T-1' } }]);
    expect(cardProblems(ok, ticket)).toEqual([]);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['a template expression', card([block('Hello ${user.name}')]), /template expression/],
    ['a markdown link to javascript:', card([block('[x](javascript:alert(1))')]), /markdown link/],
    ['a markdown image to a tracker', card([block('![](https://tracker.example/p.gif)')]), /markdown link/],
    ['a clickable URL to a foreign host', card([{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'see https://evil.example/x' }] }]), /clickable URL/],
    ['an OpenUrl action to a foreign host', card([], [{ type: 'Action.OpenUrl', url: 'https://evil.example' }]), /link to/],
    ['an image with a javascript: URL', card([{ type: 'Image', url: 'javascript:alert(1)' }]), /link to/],
    ['a Submit action', card([], [{ type: 'Action.Submit', data: {} }]), /action type/],
    ['an Execute action for another ticket', card([], [{ type: 'Action.Execute', verb: 'approve', data: { ticketId: 'T-2' } }]), /action for ticket T-2/],
    ['an unknown verb', card([], [{ type: 'Action.Execute', verb: 'delete', data: { ticketId: 'T-1' } }]), /unknown verb/],
    ['unescaped script markup in markdown', card([block('<script>alert(1)</script>')]), /HTML markup/],
    ['a mention', card([block('<at>Lena</at>')]), /mention/],
    ['a bidi override', card([block('invoice \u202Efdp.exe')]), /bidi/],
    ['an oversized card', card([block('x'.repeat(30_000))]), /bytes/],
  ];
  for (const [what, c, problem] of bad) {
    it(`flags ${what}`, () => {
      expect(cardProblems(c, ticket).join('\n')).toMatch(problem);
    });
  }
});
