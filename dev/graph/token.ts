// An Entra-like token service for the local world, served by the mock Graph at
// https://localhost:PORT/{tenant}/…: OpenID configuration, published signing keys (JWKS) and a
// token endpoint with the grants the product and its tests use:
//  - client_credentials: the app's Graph token (as @azure/identity asks for it);
//  - password (ROPC): a user token for a person of the directory (any non-empty password), so tests
//    and someone trying the Outlook pane get the token Outlook's nested app auth would hand over;
//  - urn:ietf:params:oauth:grant-type:jwt-bearer (on-behalf-of): exchanges such a user token, whose
//    audience must be the asking app, for a delegated Graph token (what @azure/msal-node sends).
// Every token is an RS256 JWT signed with a key generated when the mock starts, so a validator that
// fetches the JWKS checks real signatures; errors use Entra's shapes and AADSTS codes.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { ApiResponse } from './router.js';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_DEFAULT_SCOPE = `${GRAPH_RESOURCE}/.default`;
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
export const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A person in the mock directory (the roster's members and colleagues). */
export interface DirectoryUser {
  oid: string;
  name: string;
  email: string;
}

/** An app registration that exposes an API (the pane's): tokens for `<appIdUri>/<scope>` get `aud = clientId`. */
export interface ApiApp {
  clientId: string;
  appIdUri: string;
}

export interface EntraOptions {
  tenantId: string;
  users?: DirectoryUser[];
  apps?: ApiApp[];
  /** token lifetime in seconds; default 3599 like Entra */
  lifetimeSeconds?: number;
}

/** Who a Graph call acts for, as the mock Graph sees it. */
export type Principal = { kind: 'app' } | { kind: 'user'; upn: string; oid: string; scopes: string[] } | { kind: 'invalid'; reason: string };

export function openIdConfiguration(origin: string, tenant: string): ApiResponse {
  const base = `${origin}/${tenant}`;
  return {
    status: 200,
    body: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    },
  };
}

const TokenForm = z.object({
  grant_type: z.string(),
  client_id: z.string().min(1),
  scope: z.string().optional(),
  client_secret: z.string().optional(),
  client_assertion: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  assertion: z.string().optional(),
  requested_token_use: z.string().optional(),
});
type TokenRequest = z.infer<typeof TokenForm>;

function aadError(status: number, error: string, description: string, extra: Record<string, unknown> = {}): ApiResponse {
  const id = randomUUID();
  return { status, body: { error, error_description: `${description}\r\nTrace ID: ${id}\r\nCorrelation ID: ${id}\r\nTimestamp: ${new Date().toISOString()}`, error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)], trace_id: id, correlation_id: id, ...extra } };
}

/** The claims of a JWT without checking anything (only to decide which rules apply). */
export function peekClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The app id inside a token the mock issued, if it is one. */
export function appIdOf(token: string): string | null {
  const appid = peekClaims(token)?.appid;
  return typeof appid === 'string' ? appid : null;
}

export class MockEntra {
  private users: DirectoryUser[];
  private readonly apps: ApiApp[];
  private readonly lifetime: number;

  private constructor(
    readonly tenantId: string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly jwk: JWK,
    opts: EntraOptions,
  ) {
    this.users = [...(opts.users ?? [])];
    this.apps = [...(opts.apps ?? [])];
    this.lifetime = opts.lifetimeSeconds ?? 3599;
  }

  static async create(opts: EntraOptions): Promise<MockEntra> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const kid = randomUUID().replace(/-/g, '').slice(0, 27);
    const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256', kty: 'RSA' };
    return new MockEntra(opts.tenantId, privateKey, publicKey, jwk, opts);
  }

  get keyId(): string {
    return this.jwk.kid as string;
  }

  directory(): DirectoryUser[] {
    return this.users.map((u) => ({ ...u }));
  }

  addUser(user: DirectoryUser): void {
    this.users = [...this.users.filter((u) => u.email.toLowerCase() !== user.email.toLowerCase()), user];
  }

  jwks(): ApiResponse {
    return { status: 200, body: { keys: [this.jwk] } };
  }

  issuerV2(origin: string, tid = this.tenantId): string {
    return `${origin}/${tid}/v2.0`;
  }

  /** Graph-audience tokens are v1 tokens in Entra (sts.windows.net issuer). */
  graphIssuer(tid = this.tenantId): string {
    return `https://sts.windows.net/${tid}/`;
  }

  /** Signs claims with the published key (tests also use it to forge variations). */
  async sign(claims: JWTPayload, opts: { expiresInSeconds?: number } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iat: now, nbf: now, exp: now + (opts.expiresInSeconds ?? this.lifetime), ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keyId })
      .sign(this.privateKey);
  }

  async token(form: URLSearchParams, tenantPathSegment: string, origin: string): Promise<ApiResponse> {
    const parsed = TokenForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return aadError(400, 'invalid_request', 'AADSTS900144: The request body must contain the following parameter: client_id / grant_type.');
    const f = parsed.data;
    const tid = /^[0-9a-f-]{36}$/i.test(tenantPathSegment) ? tenantPathSegment : this.tenantId;
    switch (f.grant_type) {
      case 'client_credentials':
        return this.clientCredentials(f, tid);
      case 'password':
        return this.password(f, tid, origin);
      case OBO_GRANT:
        return this.onBehalfOf(f, tid, origin);
      default:
        return aadError(400, 'unsupported_grant_type', `AADSTS70003: The app requested an unsupported grant type '${f.grant_type}'.`);
    }
  }

  private async clientCredentials(f: TokenRequest, tid: string): Promise<ApiResponse> {
    if (f.scope !== GRAPH_DEFAULT_SCOPE) return aadError(400, 'invalid_scope', `AADSTS1002012: The provided value for scope ${f.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    if (!f.client_secret && !f.client_assertion) return aadError(401, 'invalid_client', "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
    const accessToken = await this.sign({
      aud: GRAPH_RESOURCE, iss: this.graphIssuer(tid), appid: f.client_id, idtyp: 'app', oid: randomUUID(), tid,
      roles: ['Mail.ReadWrite', 'Mail.Send', 'Mail.Read', 'MailboxSettings.ReadWrite'], ver: '1.0',
    });
    return { status: 200, body: { token_type: 'Bearer', expires_in: this.lifetime, ext_expires_in: this.lifetime, access_token: accessToken } };
  }

  /** Splits "openid api://x/access_as_user" into the resource and its scope names. */
  private resourceOf(scope: string | undefined): { kind: 'graph'; scopes: string[] } | { kind: 'api'; app: ApiApp; scopes: string[] } | { kind: 'unknown'; resource: string } | { kind: 'none' } {
    const wanted = (scope ?? '').split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
    if (wanted.length === 0) return { kind: 'none' };
    const split = wanted.map((s) => {
      const i = s.lastIndexOf('/');
      return i < 0 ? { resource: GRAPH_RESOURCE, name: s } : { resource: s.slice(0, i), name: s.slice(i + 1) };
    });
    const resources = new Set(split.map((s) => s.resource));
    if (resources.size > 1) return { kind: 'unknown', resource: [...resources].join(' ') };
    const resource = split[0]!.resource;
    const names = split.map((s) => s.name).filter((n) => n !== '.default');
    if (resource === GRAPH_RESOURCE) return { kind: 'graph', scopes: names.length ? names : ['Mail.Read.Shared'] };
    const app = this.apps.find((a) => a.appIdUri === resource || `api://${a.clientId}` === resource || a.clientId === resource);
    return app ? { kind: 'api', app, scopes: names.length ? names : ['access_as_user'] } : { kind: 'unknown', resource };
  }

  private async userTokens(user: DirectoryUser, client: string, target: { kind: 'graph'; scopes: string[] } | { kind: 'api'; app: ApiApp; scopes: string[] }, tid: string, origin: string): Promise<Record<string, unknown>> {
    const common = { oid: user.oid, tid, name: user.name, preferred_username: user.email, upn: user.email, sub: `${user.oid}:${client}`, idtyp: 'user', scp: target.scopes.join(' ') };
    const accessToken = target.kind === 'api'
      ? await this.sign({ ...common, aud: target.app.clientId, iss: this.issuerV2(origin, tid), azp: client, azpacr: '0', ver: '2.0' })
      : await this.sign({ ...common, aud: GRAPH_RESOURCE, iss: this.graphIssuer(tid), appid: client, ver: '1.0' });
    const idToken = await this.sign({ aud: client, iss: this.issuerV2(origin, tid), oid: user.oid, tid, sub: user.oid, name: user.name, preferred_username: user.email, ver: '2.0' });
    const scope = target.kind === 'api' ? target.scopes.map((s) => `${target.app.appIdUri}/${s}`).join(' ') : target.scopes.map((s) => `${GRAPH_RESOURCE}/${s}`).join(' ');
    return {
      token_type: 'Bearer', scope, expires_in: this.lifetime, ext_expires_in: this.lifetime, access_token: accessToken, id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid: user.oid, utid: tid })).toString('base64url'),
    };
  }

  private async password(f: TokenRequest, tid: string, origin: string): Promise<ApiResponse> {
    if (!f.username) return aadError(400, 'invalid_request', "AADSTS900144: The request body must contain the following parameter: 'username'.");
    if (!f.password) return aadError(400, 'invalid_request', "AADSTS900144: The request body must contain the following parameter: 'password'.");
    const user = this.users.find((u) => u.email.toLowerCase() === f.username!.toLowerCase());
    if (!user) return aadError(400, 'invalid_grant', `AADSTS50034: The user account ${f.username} does not exist in the ${tid} directory.`);
    const target = this.resourceOf(f.scope);
    if (target.kind === 'none') return aadError(400, 'invalid_scope', 'AADSTS70011: The provided request must include a resource scope.');
    if (target.kind === 'unknown') return aadError(400, 'invalid_resource', `AADSTS500011: The resource principal named ${target.resource} was not found in the tenant named ${tid}.`);
    return { status: 200, body: await this.userTokens(user, f.client_id, target, tid, origin) };
  }

  private async onBehalfOf(f: TokenRequest, tid: string, origin: string): Promise<ApiResponse> {
    if (f.requested_token_use !== 'on_behalf_of') return aadError(400, 'invalid_request', "AADSTS900144: The request body must contain the following parameter: 'requested_token_use'.");
    if (!f.assertion) return aadError(400, 'invalid_request', "AADSTS900144: The request body must contain the following parameter: 'assertion'.");
    if (!f.client_secret && !f.client_assertion) return aadError(401, 'invalid_client', "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'urn:ietf:params:oauth:grant-type:jwt-bearer' grant type.");
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(f.assertion, this.publicKey, { algorithms: ['RS256'], issuer: this.issuerV2(origin, tid) }));
    } catch (err) {
      const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
      return aadError(400, 'invalid_grant', expired ? 'AADSTS500133: Assertion is not within its valid time range.' : 'AADSTS50013: Assertion failed signature validation.');
    }
    // OBO only exchanges a token that was issued to this app's own API.
    if (claims.aud !== f.client_id) return aadError(400, 'invalid_grant', 'AADSTS50013: Assertion audience does not match the Client app presenting the assertion.');
    const user = this.users.find((u) => u.oid === claims.oid);
    if (!user) return aadError(400, 'invalid_grant', 'AADSTS50034: The user account does not exist in the directory.');
    const target = this.resourceOf(f.scope);
    if (target.kind !== 'graph') return aadError(400, 'invalid_scope', `AADSTS70011: The provided value for the input parameter 'scope' is not valid.`);
    return { status: 200, body: await this.userTokens(user, f.client_id, target, tid, origin) };
  }

  /**
   * Which rules a bearer token presented to the mock Graph falls under: a delegated token (it has
   * `scp`) must be one this mock signed, for Graph, unexpired; anything else is an app token and
   * keeps the mock Graph's long-standing rule (its `acceptToken` option).
   */
  async principal(token: string): Promise<Principal> {
    const peek = peekClaims(token);
    if (!peek || typeof peek.scp !== 'string') return { kind: 'app' };
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'], audience: GRAPH_RESOURCE });
      const upn = typeof payload.upn === 'string' ? payload.upn : '';
      return { kind: 'user', upn, oid: String(payload.oid ?? ''), scopes: String(payload.scp ?? '').split(' ').filter(Boolean) };
    } catch (err) {
      return { kind: 'invalid', reason: (err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure. Invalid audience or signature.' };
    }
  }
}
