// An Entra-like token service so @azure/identity's ClientSecretCredential / ClientCertificateCredential
// work against the local world (authorityHost = the mock's origin, disableInstanceDiscovery: true).
// Tokens are unsigned JWT-shaped strings carrying tid/appid/roles; the mock only checks presence.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ApiResponse } from './router.js';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

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
});

function aadError(status: number, error: string, description: string): ApiResponse {
  const id = randomUUID();
  return { status, body: { error, error_description: `${description}\r\nTrace ID: ${id}\r\nCorrelation ID: ${id}\r\nTimestamp: ${new Date().toISOString()}`, error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)], trace_id: id, correlation_id: id } };
}

const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

export function issueToken(form: URLSearchParams, tenantPathSegment: string, defaultTenant: string): ApiResponse {
  const parsed = TokenForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return aadError(400, 'invalid_request', 'AADSTS900144: The request body must contain the following parameter: client_id / grant_type.');
  const f = parsed.data;
  if (f.grant_type !== 'client_credentials') return aadError(400, 'unsupported_grant_type', `AADSTS70003: The app requested an unsupported grant type '${f.grant_type}'.`);
  if (f.scope !== GRAPH_SCOPE) return aadError(400, 'invalid_scope', `AADSTS1002012: The provided value for scope ${f.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  if (!f.client_secret && !f.client_assertion) return aadError(401, 'invalid_client', "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
  const tid = /^[0-9a-f-]{36}$/i.test(tenantPathSegment) ? tenantPathSegment : defaultTenant;
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${tid}/`, iat: now, nbf: now, exp: now + 3599,
    appid: f.client_id, idtyp: 'app', oid: randomUUID(), tid, roles: ['Mail.ReadWrite', 'Mail.Send', 'Mail.Read', 'MailboxSettings.ReadWrite'],
  };
  const accessToken = `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url(claims)}.mock`;
  return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken } };
}

/** The app id inside a token the mock issued, if it is one. */
export function appIdOf(token: string): string | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { appid?: unknown };
    return typeof claims.appid === 'string' ? claims.appid : null;
  } catch {
    return null;
  }
}
