// The app's own errors reach Sentry with ticket id / step / invocation id as tags and without mail
// text, email addresses or secrets: a local HTTP server plays the DSN host and receives the real
// SDK's envelopes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { captureError, closeObservability, flushObservability, initObservability, observabilityEnabled, scrubText, withErrorReporting } from './observability.js';

interface Envelope {
  path: string;
  items: Array<{ header: Record<string, unknown>; payload: Record<string, unknown> }>;
  raw: string;
}

let server: http.Server;
let dsn: string;
const envelopes: Envelope[] = [];

function parseEnvelope(path: string, raw: string): Envelope {
  const lines = raw.split('\n').filter((l) => l.trim() !== '');
  const items: Envelope['items'] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) items.push({ header: JSON.parse(lines[i]!) as Record<string, unknown>, payload: JSON.parse(lines[i + 1]!) as Record<string, unknown> });
  return { path, items, raw };
}

function events(): Array<Record<string, unknown>> {
  return envelopes.flatMap((e) => e.items.filter((i) => i.header.type === 'event').map((i) => i.payload));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      envelopes.push(parseEnvelope(req.url ?? '', body.toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  dsn = `http://0123456789abcdef0123456789abcdef@127.0.0.1:${(server.address() as AddressInfo).port}/4242`;
});

afterEach(async () => {
  await closeObservability();
  envelopes.length = 0;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const MAIL_TEXT = 'Hallo, ich heisse Anna Muster und mein Passwort funktioniert nicht. Bitte helft mir!';
const EMAIL = 'anna.muster@student.example.ch';

describe('observability without SENTRY_DSN', () => {
  it('stays off and sends nothing', async () => {
    expect(initObservability({ sentryDsn: undefined, appEnv: 'test' })).toBe(false);
    expect(observabilityEnabled()).toBe(false);
    expect(captureError(new Error('boom'), { ticketId: 't-1' })).toBeUndefined();
    await flushObservability(200);
    expect(envelopes).toEqual([]);
  });
});

describe('observability with a DSN', () => {
  it('sends the error to the DSN host with ticket id, step and invocation id as tags', async () => {
    expect(initObservability({ sentryDsn: dsn, appEnv: 'test' })).toBe(true);
    const id = captureError(new AppError('upstream', 'graph: 500 createReply failed'), { ticketId: 'tkt-42', step: 'draft', invocationId: 'inv-7', functionName: 'processTicket' });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    await flushObservability();
    expect(envelopes[0]?.path).toMatch(/^\/api\/4242\/envelope\//);
    const [event] = events();
    expect(event?.event_id).toBe(id);
    expect(event?.tags).toMatchObject({ ticketId: 'tkt-42', step: 'draft', invocationId: 'inv-7', functionName: 'processTicket', errorKind: 'upstream' });
    expect(event?.environment).toBe('test');
  });

  it('never sends mail text, email addresses or secrets, wherever they hide', async () => {
    initObservability({ sentryDsn: dsn, appEnv: 'test' });
    const err = new Error(`could not parse mail from ${EMAIL}: token eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig with key sk-ant-api03-abcdef`);
    Object.assign(err, { body: MAIL_TEXT });
    captureError(err, { ticketId: 'tkt-43', step: 'analyze', messageId: `AAMk-${EMAIL}` });
    await flushObservability();
    expect(events()).toHaveLength(1);
    const raw = envelopes.map((e) => e.raw).join('\n');
    expect(raw).not.toContain(EMAIL);
    expect(raw).not.toContain('Anna Muster');
    expect(raw).not.toContain('Passwort');
    expect(raw).not.toContain('sk-ant-api03');
    expect(raw).not.toContain('eyJhbGciOiJub25lIn0');
    expect(raw).toContain('[email]');
    expect(raw).toContain('tkt-43');
  });

  it('a wrapped handler reports with its invocation id and rethrows unchanged', async () => {
    initObservability({ sentryDsn: dsn, appEnv: 'test' });
    const failure = new Error('queue message could not be processed');
    const handler = withErrorReporting('processTicket', async (_msg: { ticketId: string; text: string }) => {
      throw failure;
    }, (msg) => ({ ticketId: msg.ticketId, step: 'process' }));
    await expect(handler({ ticketId: 'tkt-44', text: MAIL_TEXT }, { invocationId: 'inv-9' })).rejects.toBe(failure);
    await flushObservability();
    const [event] = events();
    expect(event?.tags).toMatchObject({ ticketId: 'tkt-44', step: 'process', invocationId: 'inv-9', functionName: 'processTicket' });
    expect(envelopes.map((e) => e.raw).join('\n')).not.toContain('Passwort');
  });

  it('initialises once: a second init keeps the first client', async () => {
    expect(initObservability({ sentryDsn: dsn, appEnv: 'test' })).toBe(true);
    expect(initObservability({ sentryDsn: 'http://other@127.0.0.1:1/1', appEnv: 'test' })).toBe(true);
    captureError(new Error('once'), { step: 'reconcile' });
    await flushObservability();
    expect(events()).toHaveLength(1);
  });
});

describe('scrubText', () => {
  it.each([
    ['mail to anna@example.ch failed', 'mail to [email] failed'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [token]'],
    ['postgres://reader:pa55@db.internal:5432/app', 'postgres://[redacted]@db.internal:5432/app'],
    ['https://app.azurewebsites.net/api/notifications?code=abc123&x=1', 'https://app.azurewebsites.net/api/notifications?code=[redacted]&x=1'],
    ['AccountName=st1;AccountKey=AAAA+bbbb==;EndpointSuffix=x', 'AccountName=st1;AccountKey=[redacted];EndpointSuffix=x'],
    ['client secret abc8Q~abcdefghijklmnopqrstuvwxyz012345 leaked', 'client secret [secret] leaked'],
  ])('%s', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });
});
