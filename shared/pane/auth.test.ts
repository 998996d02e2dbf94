// The pane's proof of identity and access against the mock Entra + Graph over HTTPS: jose checks
// signature (published keys), issuer, audience, expiry, tenant and scope; msal-node's on-behalf-of
// exchange yields a delegated Graph token; Graph lets only people with access to the shared
// mailbox read its mail.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGraph, type MockGraph } from '../../dev/graph/server.js';
import { AppError } from '../errors.js';
import { createDelegatedReader, createTokenVerifier, GRAPH_DELEGATED_SCOPE, type PaneAuthSettings, type PaneIdentity } from './auth.js';

const TENANT = '00000000-0000-0000-0000-00000000a11a';
const CLIENT = '33333333-3333-4333-8333-333333333333';
const API_URI = `api://localhost/${CLIENT}`;
const AGENT = { oid: '2b8d9f41-6c3e-47a2-8e15-4f7a9b0c1d02', name: 'Jan de Vries', email: 'jan.devries@studyflash.test' };
const COLLEAGUE = { oid: '0bad0bad-0000-4000-8000-00000000f00d', name: 'Nora Weber', email: 'nora.weber@studyflash.test' };
const MAILBOX = 'support@studyflash.test';

let graph: MockGraph;
let settings: PaneAuthSettings;
let messageId = '';

async function tokenRequest(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${graph.origin}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** What Outlook's nested app auth hands the pane: a v2 token for our API (here by password grant). */
async function paneToken(email: string, scope = `${API_URI}/access_as_user openid profile`): Promise<string> {
  const r = await tokenRequest({ grant_type: 'password', client_id: CLIENT, username: email, password: 'any', scope });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.access_token as string;
}

const goodClaims = () => ({ aud: CLIENT, iss: `${graph.origin}/${TENANT}/v2.0`, tid: TENANT, oid: AGENT.oid, scp: 'access_as_user', name: AGENT.name, preferred_username: AGENT.email, ver: '2.0' });

beforeAll(async () => {
  graph = await startMockGraph({
    smtpPort: null,
    tenantId: TENANT,
    users: [AGENT, COLLEAGUE],
    mailboxMembers: [AGENT.email],
    apps: [{ clientId: CLIENT, appIdUri: API_URI }],
  });
  settings = {
    tenantId: TENANT, clientId: CLIENT, apiUri: API_URI, audiences: [CLIENT, API_URI], authorityHost: graph.origin,
    clientSecret: 'pane-secret', graphBaseUrl: graph.url, supportMailbox: MAILBOX,
  };
  ({ id: messageId } = await graph.deliver(`From: Lukas <lukas@example.de>\r\nTo: ${MAILBOX}\r\nSubject: Quiz\r\nMessage-ID: <q1@example.de>\r\n\r\nDer Quiz-Modus stürzt ab.\r\n`));
});

afterAll(async () => {
  await graph?.close();
});

describe('pane token validation (jose against the published keys)', () => {
  it('accepts a token Entra issued for the pane API and returns the agent by oid', async () => {
    const verify = createTokenVerifier(settings);
    const id = await verify(await paneToken(AGENT.email));
    expect(id).toMatchObject({ oid: AGENT.oid, tid: TENANT, name: AGENT.name, username: AGENT.email });
  });

  it('accepts the App ID URI as audience too', async () => {
    const token = await graph.entra.sign({ ...goodClaims(), aud: API_URI });
    await expect(createTokenVerifier(settings)(token)).resolves.toMatchObject({ oid: AGENT.oid });
  });

  const rejected = async (token: string, why: RegExp) => {
    const err = await createTokenVerifier(settings)(token).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('unauthorized');
    expect((err as AppError).message).toMatch(why);
    // The token itself never ends up in the message (it reaches logs).
    expect((err as AppError).message).not.toContain(token.slice(-20));
  };

  it('rejects an expired token', async () => {
    await rejected(await graph.entra.sign(goodClaims(), { expiresInSeconds: -3600 }), /expired/);
  });

  it('rejects a token for another audience (e.g. a Graph token)', async () => {
    await rejected(await graph.entra.sign({ ...goodClaims(), aud: 'https://graph.microsoft.com' }), /claim aud/);
  });

  it('rejects a token from another issuer', async () => {
    await rejected(await graph.entra.sign({ ...goodClaims(), iss: `https://sts.windows.net/${TENANT}/` }), /claim iss/);
  });

  it('rejects a token signed with a key that is not the tenant’s, even under a published kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ ...goodClaims(), iat: now, exp: now + 600 }).setProtectedHeader({ alg: 'RS256', kid: graph.entra.keyId }).sign(privateKey);
    await rejected(forged, /bad signature/);
  });

  it('rejects an unsigned token (alg: none)', async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    await rejected(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...goodClaims(), iat: now, exp: now + 600 })}.`, /algorithm not allowed|malformed/);
  });

  it('rejects an HMAC token keyed with the public key (algorithm confusion)', async () => {
    const jwk = await exportJWK((await generateKeyPair('RS256')).publicKey);
    const now = Math.floor(Date.now() / 1000);
    const hs = await new SignJWT({ ...goodClaims(), iat: now, exp: now + 600 }).setProtectedHeader({ alg: 'HS256', kid: graph.entra.keyId }).sign(new TextEncoder().encode(JSON.stringify(jwk)));
    await rejected(hs, /algorithm not allowed/);
  });

  it('rejects a token of another tenant and garbage', async () => {
    await rejected(await graph.entra.sign({ ...goodClaims(), tid: '99999999-0000-0000-0000-000000000000' }), /another tenant/);
    await rejected('not-a-jwt', /malformed/);
  });

  it('answers forbidden (not unauthorized) for a valid token without the access_as_user scope', async () => {
    const err = await createTokenVerifier(settings)(await graph.entra.sign({ ...goodClaims(), scp: 'User.Read' })).catch((e: unknown) => e);
    expect((err as AppError).kind).toBe('forbidden');
  });
});

describe('on-behalf-of and delegated access to the shared mailbox', () => {
  const identity = async (email: string): Promise<PaneIdentity> => createTokenVerifier(settings)(await paneToken(email));

  it('reads the message with the agent’s own delegated rights (msal-node OBO against the mock authority)', async () => {
    const reader = createDelegatedReader(settings);
    const m = await reader.readMessage(await identity(AGENT.email), messageId);
    expect(m).toMatchObject({ id: messageId, internetMessageId: '<q1@example.de>', subject: 'Quiz', from: 'lukas@example.de', isDraft: false });
    const obo = graph.stats().byRoute['GET /users/{user}/messages/{id}'];
    expect(obo).toBeGreaterThanOrEqual(1);
  });

  it('refuses someone who cannot open the shared mailbox with 403, although their token is valid', async () => {
    const err = await createDelegatedReader(settings).readMessage(await identity(COLLEAGUE.email), messageId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('forbidden');
    expect((err as AppError).opts.status).toBe(403);
  });

  it('lets that person in once they are given access to the mailbox', async () => {
    graph.setMailboxMembers([AGENT.email, COLLEAGUE.email]);
    try {
      await expect(createDelegatedReader(settings).readMessage(await identity(COLLEAGUE.email), messageId)).resolves.toMatchObject({ id: messageId });
    } finally {
      graph.setMailboxMembers([AGENT.email]);
    }
  });

  it('answers not-found for a message that is not in the mailbox', async () => {
    const err = await createDelegatedReader(settings).readMessage(await identity(AGENT.email), 'AAMkAGI2bm90LWEtbWVzc2FnZS1pZA').catch((e: unknown) => e);
    expect((err as AppError).kind).toBe('not-found');
  });

  it('is not configured without the client secret', async () => {
    const err = await createDelegatedReader({ ...settings, clientSecret: undefined }).readMessage(await identity(AGENT.email), messageId).catch((e: unknown) => e);
    expect((err as AppError).kind).toBe('config');
  });
});

describe('the mock Entra token endpoint', () => {
  it('publishes its signing key and OpenID configuration', async () => {
    const keys = (await (await fetch(`${graph.origin}/${TENANT}/discovery/v2.0/keys`)).json()) as { keys: { kid: string; kty: string; alg: string }[] };
    expect(keys.keys).toEqual([expect.objectContaining({ kid: graph.entra.keyId, kty: 'RSA', alg: 'RS256' })]);
    const oidc = (await (await fetch(`${graph.origin}/${TENANT}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(oidc.issuer).toBe(`${graph.origin}/${TENANT}/v2.0`);
    expect(oidc.jwks_uri).toBe(`${graph.origin}/${TENANT}/discovery/v2.0/keys`);
  });

  it('refuses an on-behalf-of exchange of a token issued to another app', async () => {
    const assertion = await paneToken(AGENT.email);
    const r = await tokenRequest({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', requested_token_use: 'on_behalf_of', client_id: '44444444-4444-4444-8444-444444444444', client_secret: 'x', assertion, scope: GRAPH_DELEGATED_SCOPE });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_grant');
  });

  it('refuses an on-behalf-of exchange of a forged assertion', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(goodClaims()).setProtectedHeader({ alg: 'RS256', kid: graph.entra.keyId }).setExpirationTime('10m').sign(privateKey);
    const r = await tokenRequest({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', requested_token_use: 'on_behalf_of', client_id: CLIENT, client_secret: 'x', assertion: forged, scope: GRAPH_DELEGATED_SCOPE });
    expect(r.status).toBe(400);
    expect(String(r.body.error_description)).toMatch(/AADSTS50013/);
  });

  it('refuses the password grant for an unknown person or an empty password', async () => {
    const unknown = await tokenRequest({ grant_type: 'password', client_id: CLIENT, username: 'nobody@studyflash.test', password: 'x', scope: `${API_URI}/access_as_user` });
    expect(unknown.body.error).toBe('invalid_grant');
    const empty = await tokenRequest({ grant_type: 'password', client_id: CLIENT, username: AGENT.email, password: '', scope: `${API_URI}/access_as_user` });
    expect(empty.body.error).toBe('invalid_request');
  });

  it('lets a delegated token only read the shared mailbox: writes are refused', async () => {
    const graphToken = (await tokenRequest({ grant_type: 'password', client_id: CLIENT, username: AGENT.email, password: 'x', scope: GRAPH_DELEGATED_SCOPE })).body.access_token as string;
    const patch = await fetch(`${graph.url}/users/${MAILBOX}/messages/${messageId}`, { method: 'PATCH', headers: { authorization: `Bearer ${graphToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ categories: ['x'] }) });
    expect(patch.status).toBe(403);
    const get = await fetch(`${graph.url}/users/${MAILBOX}/messages/${messageId}?$select=id`, { headers: { authorization: `Bearer ${graphToken}` } });
    expect(get.status).toBe(200);
  });

  it('answers 401 for a delegated-looking Graph token it did not sign', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ aud: 'https://graph.microsoft.com', scp: 'Mail.Read.Shared', upn: AGENT.email }).setProtectedHeader({ alg: 'RS256' }).setExpirationTime('10m').sign(privateKey);
    const res = await fetch(`${graph.url}/users/${MAILBOX}/messages/${messageId}`, { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
  });
});
