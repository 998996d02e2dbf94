// Customer text shown in Teams (cards, thread replies, the digest) is neutralised: no links,
// markdown, mentions or template expressions from a customer reach Teams as such.
const ZWSP = '\u200B';

/** For text shown without markdown (TextRun): break links and template expressions, drop control characters. */
export function plain(text: string | null | undefined): string {
  return (text ?? '')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    // bidi embedding/override/isolate controls could make a name or subject read differently
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\$\{/g, `$${ZWSP}{`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\]\(/g, `]${ZWSP}(`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
    .replace(/\bmailto:/gi, (m) => `${m.slice(0, 6)}${ZWSP}:`);
}

/** For text inside a markdown TextBlock or FactSet: `plain` plus escaped markdown syntax. */
export function md(text: string | null | undefined): string {
  return plain(text).replace(/[\\`*_~[\]()#>|<]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

