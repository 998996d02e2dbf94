// One draft-to-HTML conversion: the AI's draft and a draft edited on the card come out alike.
import { describe, expect, it } from 'vitest';
import { draftToHtml as fromCard } from '../teams/draft.js';
import { draftToHtml as fromPipeline } from '../tickets/draft.js';
import { draftToHtml } from './draft-html.js';

describe('draftToHtml', () => {
  it('keeps paragraphs and line breaks in the Outlook font and escapes markup', () => {
    expect(draftToHtml('Hallo <b>Jana</b>,\r\n\r\nZeile 1\nZeile 2')).toBe(
      '<html><body><div style="font-family:Segoe UI,Arial,sans-serif;font-size:11pt"><p>Hallo &lt;b&gt;Jana&lt;/b&gt;,</p>\n<p>Zeile 1<br>Zeile 2</p></div></body></html>',
    );
  });

  it('is the same function for the pipeline and the card edits', () => {
    expect(fromCard).toBe(draftToHtml);
    expect(fromPipeline).toBe(draftToHtml);
  });
});
