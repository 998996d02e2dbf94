// Test helpers for anything that talks to the mock Graph: start it on free ports, an official SDK
// client authenticated through the mock's token endpoint, a local webhook receiver with
// switchable behaviour, and RFC 5322 mail built with MailComposer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientSecretCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { startMockGraph, type MockGraph, type MockGraphOptions } from './server.js';

export const TEST_CLIENT_ID = '11111111-1111-1111-1111-111111111111';

export function startTestGraph(opts: MockGraphOptions = {}): Promise<MockGraph> {
  return startMockGraph({ port: 0, smtpPort: null, ...opts });
}

/** The production way in: client credentials against the mock's Entra endpoint, then the SDK. */
export function sdkClient(graph: MockGraph): Client {
  const credential = new ClientSecretCredential(graph.tenantId, TEST_CLIENT_ID, 'local-secret', {
    authorityHost: graph.origin,
    disableInstanceDiscovery: true,
  });
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] });
  return Client.initWithMiddleware({ authProvider, baseUrl: graph.origin, customHosts: new Set(['localhost']) });
}

export async function mime(opts: Mail.Options): Promise<Buffer> {
  return new MailComposer(opts).compile().build();
}

export interface ReceivedPost {
  url: string;
  body: { value: Array<Record<string, unknown>> };
}

export type ReceiverMode = 'echo' | 'wrong-token' | 'json-token' | 'status-500' | 'hang';

export interface Receiver {
  url: string;
  posts: ReceivedPost[];
  validations: string[];
  /** how validation requests are answered */
  validationMode: ReceiverMode;
  /** answer this many notification POSTs with 503 before accepting */
  failNext: number;
  items(): Array<Record<string, unknown>>;
  waitFor(pred: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A webhook endpoint like the Functions notification handler: echoes tokens, records POSTs. */
export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<http.ServerResponse>();
  const r: Receiver = {
    url: '',
    posts: [],
    validations: [],
    validationMode: 'echo',
    failNext: 0,
    items: () => r.posts.flatMap((p) => p.body.value),
    async waitFor(pred, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > until) throw new Error('receiver: condition not met in time');
        await new Promise((res) => setTimeout(res, 10));
      }
    },
    close: () => new Promise((res) => {
      for (const h of hanging) h.destroy();
      server.closeAllConnections();
      server.close(() => res());
    }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://localhost');
      const token = u.searchParams.get('validationToken');
      if (token !== null) {
        r.validations.push(token);
        switch (r.validationMode) {
          case 'echo': res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(token); return;
          case 'wrong-token': res.writeHead(200, { 'content-type': 'text/plain' }).end(encodeURIComponent(token)); return;
          case 'json-token': res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token)); return;
          case 'status-500': res.writeHead(500).end(); return;
          case 'hang': hanging.add(res); return;
        }
      }
      if (r.failNext > 0) {
        r.failNext--;
        res.writeHead(503).end();
        return;
      }
      r.posts.push({ url: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedPost['body'] });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  r.url = `http://localhost:${(server.address() as AddressInfo).port}/api/notifications?code=abc`;
  return r;
}

export function inMinutes(min: number): string {
  return new Date(Date.now() + min * 60_000).toISOString();
}
