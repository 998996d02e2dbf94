// The reply draft as Outlook HTML, the one conversion for the AI's draft and for a draft edited on
// the card (so an edited reply keeps the same font): paragraphs on blank lines, <br> on single line
// breaks, everything else escaped so the text cannot inject markup.
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESC[c] ?? c);
}

export function draftToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `<html><body><div style="font-family:Segoe UI,Arial,sans-serif;font-size:11pt">${paragraphs.join('\n')}</div></body></html>`;
}
