// The reply text agents edit on the card is plain text; Outlook drafts hold HTML. This turns the
// one into the other without letting the text inject markup (everything is escaped).
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESC[c] ?? c);
}

/** Paragraphs on blank lines, <br> on single line breaks, as Outlook shows typed text. */
export function draftToHtml(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').trim().split(/\n{2,}/);
  const body = paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
  return `<html><body>${body}</body></html>`;
}
