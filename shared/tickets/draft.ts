// The reply draft as Outlook HTML: the analyzer writes plain text in the customer's language;
// paragraphs and line breaks are kept, everything else escaped.
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function draftToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `<html><body><div style="font-family:Segoe UI,Arial,sans-serif;font-size:11pt">${paragraphs.join('\n')}</div></body></html>`;
}
