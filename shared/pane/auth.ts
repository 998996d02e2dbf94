// Who is asking, proven twice: the pane's bearer token is validated as Entra issues it (RS256
// signature against the tenant's published keys, issuer, audience, expiry, tenant, the
// access_as_user scope) — never merely decoded — and then exchanged on-behalf-of the agent for a
// delegated Graph token that reads the message with the agent's own rights. So the pane reveals a
// ticket only for mail the agent could open in Outlook anyway.
import { ConfidentialClientApplication, InteractionRequiredAuthError } from '@azure/msal-node';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

export const PANE_SCOPE = 'access_as_user';
/** The delegated Graph permission the on-behalf-of token carries (reads shared mailboxes the user may open). */
export const GRAPH_DELEGATED_SCOPE = 'https://graph.microsoft.com/Mail.Read.Shared';

export interface PaneAuthSettings {
  tenantId: string;
  clientId: string;
  apiUri: string;
  /** every audience a token may carry (client id, App ID URI, extra ones) */
  audiences: string[];
  /** https://login.microsoftonline.com, or the local mock's origin */
  authorityHost: string;
  clientSecret?: string;
  graphBaseUrl: string;
  supportMailbox: string;
}

export function paneAuthSettings(config: Config): PaneAuthSettings {
  return {
    tenantId: config.graphTenantId,
    clientId: config.paneClientId,
    apiUri: config.paneApiUri,
    audiences: [...new Set([config.paneClientId, config.paneApiUri, ...(config.paneAllowedAudiences ?? [])])],
    authorityHost: config.graphAuthorityHost.replace(/\/+$/, ''),
    clientSecret: config.paneClientSecret,
    graphBaseUrl: config.graphBaseUrl.replace(/\/+$/, ''),
    supportMailbox: config.supportMailbox,
  };
}

/** The signed-in agent as the validated token says; `assertion` is the raw token, kept only for on-behalf-of. */
export interface PaneIdentity {
  oid: string;
  tid: string;
  name: string;
  username: string;
  assertion: string;
}

const claims = z.object({
  oid: z.string().min(1),
  tid: z.string().min(1),
  scp: z.string().optional(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
});

export type VerifyToken = (bearer: string) => Promise<PaneIdentity>;

/**
 * jose with the tenant's JWKS (fetched on first use, cached; an unknown `kid` refetches after the
 * cooldown, so a key rollover is picked up). Only RS256 is accepted: `alg: none` and HMAC tokens
 * signed with the public key fail before any claim is read. v2 tokens only (issuer
 * `…/{tenant}/v2.0`); a v1 token of a misconfigured registration fails the issuer check.
 */
export function createTokenVerifier(s: PaneAuthSettings, opts: { cooldownMs?: number } = {}): VerifyToken {
  const jwks = createRemoteJWKSet(new URL(`${s.authorityHost}/${s.tenantId}/discovery/v2.0/keys`), { cooldownDuration: opts.cooldownMs ?? 30_000, timeoutDuration: 5_000 });
  const issuer = `${s.authorityHost}/${s.tenantId}/v2.0`;
  return async (bearer) => {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(bearer, jwks, { issuer, audience: s.audiences, algorithms: ['RS256'], clockTolerance: 60, requiredClaims: ['exp', 'oid', 'tid'] }));
    } catch (err) {
      throw new AppError('unauthorized', `pane token rejected: ${describeJoseError(err)}`, { service: 'pane', code: 'invalid_token', cause: err });
    }
    const c = claims.safeParse(payload);
    if (!c.success) throw new AppError('unauthorized', 'pane token rejected: oid/tid missing', { service: 'pane', code: 'invalid_token' });
    if (c.data.tid !== s.tenantId) throw new AppError('unauthorized', 'pane token rejected: another tenant', { service: 'pane', code: 'invalid_token' });
    // A token for this API without the pane's scope (e.g. an app-only token) is valid but not enough.
    if (!(c.data.scp ?? '').split(' ').includes(PANE_SCOPE)) throw new AppError('forbidden', `pane token lacks the ${PANE_SCOPE} scope`, { service: 'pane', code: 'insufficient_scope' });
    return { oid: c.data.oid, tid: c.data.tid, name: c.data.name ?? '', username: c.data.preferred_username ?? '', assertion: bearer };
  };
}

/** What failed, in words safe to log (never the token). */
function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim ${err.claim} ${err.reason}`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'unknown signing key';
  if (err instanceof joseErrors.JOSEAlgNotAllowed || err instanceof joseErrors.JOSENotSupported) return 'algorithm not allowed';
  if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid) return 'malformed';
  if (err instanceof joseErrors.JWKSTimeout) return 'signing keys unreachable (timeout)';
  return (err as { code?: string })?.code ?? 'invalid';
}

/** The message as the agent can see it in the shared mailbox (metadata only; the body is never read). */
export interface DelegatedMessage {
  id: string;
  conversationId: string;
  internetMessageId: string;
  from: string;
  subject: string;
  isDraft: boolean;
}

export interface DelegatedReader {
  readMessage(identity: PaneIdentity, messageId: string): Promise<DelegatedMessage>;
}

const graphMessage = z.object({
  id: z.string(),
  conversationId: z.string().default(''),
  internetMessageId: z.string().default(''),
  subject: z.string().nullable().default(''),
  isDraft: z.boolean().default(false),
  from: z.object({ emailAddress: z.object({ address: z.string().default('') }) }).nullable().optional(),
});

/**
 * On-behalf-of with @azure/msal-node (one confidential client per worker, so its token cache is
 * kept), then GET /users/{support mailbox}/messages/{id} with the delegated token. Outside
 * login.microsoftonline.com (the local mock) the authority is declared known so MSAL skips
 * Microsoft's instance discovery.
 */
export function createDelegatedReader(s: PaneAuthSettings, fetchImpl: typeof fetch = fetch): DelegatedReader {
  let cca: ConfidentialClientApplication | null = null;
  const client = (): ConfidentialClientApplication => {
    if (!s.clientSecret) throw new AppError('config', 'The Outlook pane is not configured: PANE_CLIENT_SECRET is missing.', { service: 'pane' });
    const host = new URL(s.authorityHost).host;
    cca ??= new ConfidentialClientApplication({
      auth: {
        clientId: s.clientId,
        authority: `${s.authorityHost}/${s.tenantId}`,
        clientSecret: s.clientSecret,
        ...(host === 'login.microsoftonline.com' ? {} : { knownAuthorities: [host] }),
      },
    });
    return cca;
  };

  return {
    async readMessage(identity, messageId) {
      let graphToken: string;
      try {
        const r = await client().acquireTokenOnBehalfOf({ oboAssertion: identity.assertion, scopes: [GRAPH_DELEGATED_SCOPE] });
        if (!r?.accessToken) throw new Error('no access token in the on-behalf-of answer');
        graphToken = r.accessToken;
      } catch (err) {
        if (err instanceof AppError) throw err;
        if (err instanceof InteractionRequiredAuthError) {
          const consent = err.subError === 'consent_required' || /AADSTS65001/.test(err.message);
          throw new AppError('unauthorized', consent ? 'Mail.Read.Shared has not been consented for this app; ask your admin' : 'sign-in again (interaction required)', {
            service: 'pane', code: consent ? 'consent_required' : 'interaction_required', cause: err,
          });
        }
        const code = (err as { errorCode?: string }).errorCode;
        // invalid_grant: Entra refused the assertion itself (e.g. revoked); anything else is our side or Entra's.
        if (code === 'invalid_grant') throw new AppError('unauthorized', 'on-behalf-of refused the token', { service: 'pane', code: 'invalid_token', cause: err });
        throw new AppError('unavailable', `on-behalf-of failed (${code ?? 'network'})`, { service: 'pane', cause: err });
      }
      const url = `${s.graphBaseUrl}/users/${encodeURIComponent(s.supportMailbox)}/messages/${encodeURIComponent(messageId)}?$select=id,conversationId,internetMessageId,subject,isDraft,from`;
      let res: Response;
      try {
        res = await fetchImpl(url, { headers: { authorization: `Bearer ${graphToken}`, prefer: 'IdType="ImmutableId"', accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
      } catch (err) {
        throw new AppError('unavailable', 'Graph unreachable', { service: 'graph', cause: err });
      }
      if (res.status === 403) throw new AppError('forbidden', 'You do not have access to the support mailbox, so the pane cannot show its tickets. Ask an admin for access to the shared mailbox.', { service: 'graph', status: 403, code: 'mailbox_access_denied' });
      if (res.status === 404 || res.status === 400) throw new AppError('not-found', 'This message is not in the support mailbox.', { service: 'graph', status: res.status });
      if (res.status === 401) throw new AppError('unauthorized', 'Graph refused the delegated token', { service: 'graph', status: 401, code: 'invalid_token' });
      if (!res.ok) throw new AppError(res.status === 429 ? 'throttled' : 'unavailable', `Graph answered ${res.status}`, { service: 'graph', status: res.status });
      const m = graphMessage.safeParse(await res.json());
      if (!m.success) throw new AppError('upstream', 'Graph answered an unexpected message shape', { service: 'graph' });
      return {
        id: m.data.id,
        conversationId: m.data.conversationId,
        internetMessageId: m.data.internetMessageId,
        subject: m.data.subject ?? '',
        isDraft: m.data.isDraft,
        from: m.data.from?.emailAddress.address ?? '',
      };
    },
  };
}
