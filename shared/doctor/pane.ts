// The Outlook pane's side of `npm run doctor`: the tenant's signing keys the API validates tokens
// against are reachable, and the pane registration's secret works (what on-behalf-of presents).
// A real on-behalf-of needs a signed-in agent, so it is not probed here.
import { ClientSecretCredential } from '@azure/identity';
import { z } from 'zod';
import { normalizeError } from '../errors.js';
import { failing, ok, skipped, type Check } from './check.js';

const jwks = z.object({ keys: z.array(z.object({ kid: z.string().optional(), kty: z.string() }).passthrough()) });

export const outlookPane: Check = {
  name: 'outlook pane',
  required: (c) => !!c.paneClientSecret,
  async run({ config, signal }) {
    if (!config.paneClientSecret) return skipped('PANE_CLIENT_SECRET not set: the Outlook pane answers 503');
    const authority = new URL(config.graphAuthorityHost);
    const keysUrl = `${authority.origin}/${config.graphTenantId}/discovery/v2.0/keys`;
    let count = 0;
    try {
      const res = await fetch(keysUrl, { signal });
      const body = jwks.safeParse(await res.json());
      if (!res.ok || !body.success) return failing(`${keysUrl} answered ${res.status}`, 'GRAPH_TENANT_ID / GRAPH_AUTHORITY_HOST must name the tenant whose keys sign the pane tokens');
      count = body.data.keys.filter((k) => k.kty === 'RSA').length;
      if (count === 0) return failing(`${keysUrl} publishes no RSA key`, 'check GRAPH_AUTHORITY_HOST');
    } catch (err) {
      return failing(normalizeError(err, 'entra').message, 'the Function App must reach the Entra authority (outbound HTTPS)');
    }
    try {
      const credential = new ClientSecretCredential(config.graphTenantId, config.paneClientId, config.paneClientSecret, {
        authorityHost: authority.origin,
        disableInstanceDiscovery: authority.hostname !== 'login.microsoftonline.com',
      });
      await credential.getToken('https://graph.microsoft.com/.default', { abortSignal: signal });
    } catch (err) {
      return failing(normalizeError(err, 'entra').message, 'AADSTS7000215 = wrong PANE_CLIENT_SECRET value; AADSTS700016 = PANE_CLIENT_ID not in this tenant');
    }
    return ok(`${count} signing key(s) published; secret of pane app ${config.paneClientId} accepted (audience ${config.paneApiUri})`);
  },
};
