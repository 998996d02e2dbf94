// Builds the one Microsoft Graph SDK client of the app: client credentials (secret or certificate)
// through @azure/identity, or a fixed token in the local world; any non-graph.microsoft.com host
// (the mock Graph) is listed in customHosts, because the SDK attaches the bearer token only to
// known https hosts.
import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const PUBLIC_AUTHORITY = 'login.microsoftonline.com';

export type GraphClientConfig = Pick<
  Config,
  'graphBaseUrl' | 'graphTenantId' | 'graphClientId' | 'graphClientSecret' | 'graphClientCertPath' | 'graphAuthorityHost' | 'graphStaticToken'
>;

/** The credential for client-credential auth; null when a static token is configured (local only). */
export function createGraphCredential(config: GraphClientConfig): TokenCredential | null {
  if (config.graphStaticToken) return null;
  const authority = new URL(config.graphAuthorityHost);
  // Instance discovery calls the public cloud; a local or sovereign authority must skip it.
  const options = { authorityHost: authority.origin, disableInstanceDiscovery: authority.hostname !== PUBLIC_AUTHORITY };
  if (config.graphClientCertPath) {
    return new ClientCertificateCredential(config.graphTenantId, config.graphClientId, { certificatePath: config.graphClientCertPath }, options);
  }
  if (config.graphClientSecret) {
    return new ClientSecretCredential(config.graphTenantId, config.graphClientId, config.graphClientSecret, options);
  }
  throw new AppError('config', 'Graph: set GRAPH_CLIENT_CERT_PATH or GRAPH_CLIENT_SECRET (or GRAPH_STATIC_TOKEN in the local world)', { service: 'graph' });
}

/** Splits GRAPH_BASE_URL ("https://host:port/v1.0") into the SDK's baseUrl and version. */
export function graphEndpoint(graphBaseUrl: string): { baseUrl: string; version: string; host: string } {
  const u = new URL(graphBaseUrl);
  const segments = u.pathname.split('/').filter(Boolean);
  if (segments.length !== 1) {
    throw new AppError('config', `GRAPH_BASE_URL must be an origin plus one version segment (e.g. https://graph.microsoft.com/v1.0), got ${graphBaseUrl}`, { service: 'graph' });
  }
  return { baseUrl: `${u.origin}/`, version: segments[0]!, host: u.hostname };
}

export function createGraphClient(config: GraphClientConfig): Client {
  const { baseUrl, version, host } = graphEndpoint(config.graphBaseUrl);
  const credential = createGraphCredential(config);
  const staticToken = config.graphStaticToken;
  const authProvider: AuthenticationProvider = credential
    ? new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] })
    : { getAccessToken: async () => staticToken ?? '' };
  return Client.initWithMiddleware({
    authProvider,
    baseUrl,
    defaultVersion: version,
    // Without this the SDK silently sends no Authorization header to a non-Graph host.
    customHosts: host === 'graph.microsoft.com' ? undefined : new Set([host]),
  });
}
