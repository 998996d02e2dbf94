// The mailbox's Outlook as a client: Graph calls on the mock's Outlook path (`/_mock/outlook/v1.0`,
// header X-Mock-Outlook: 1) — what a person does in Outlook, with the notifications and delta
// changes Graph would produce, but not counted as the app's requests and free of injected faults.
// Used where a run plays the people in Outlook (the chaos run, the benchmark).
import https from 'node:https';

export interface OutlookClientOptions {
  /** https origin of the mock Graph */
  origin: string;
  mailbox: string;
  /** the mock's certificate (PEM) when the process does not trust it through NODE_EXTRA_CA_CERTS */
  ca?: string;
}

/** `(method, path under /users/{mailbox}, JSON body?)` → the parsed answer; a 4xx/5xx rejects. */
export type OutlookCall = (method: string, path: string, body?: unknown) => Promise<unknown>;

export function outlookClient(o: OutlookClientOptions): OutlookCall {
  return (method, path, body) => {
    const url = `${o.origin}/_mock/outlook/v1.0/users/${encodeURIComponent(o.mailbox)}${path}`;
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { 'x-mock-outlook': '1', prefer: 'IdType="ImmutableId"', ...(data ? { 'content-type': 'application/json' } : {}) };
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, ...(o.ca ? { ca: o.ca } : {}), timeout: 30_000, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 400) return reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
          try {
            resolve(text ? JSON.parse(text) : null);
          } catch (err) {
            reject(err);
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.on('error', reject);
      req.end(data);
    });
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A draft body with its own part (above the quoted mail) replaced by `text`, as Outlook's editor writes it. */
export function withOwnText(html: string, text: string): string {
  const lead = text.split(/\r?\n/).map((l) => `<div>${l ? esc(l) : '<br>'}</div>`).join('');
  const at = html.search(/<div id="appendonsend">/i);
  if (at < 0) return `<html><body>${lead}</body></html>`;
  const head = html.slice(0, at);
  const open = /<body[^>]*>/i.exec(head);
  return (open ? head.slice(0, open.index + open[0].length) : '<html><body>') + lead + html.slice(at);
}
