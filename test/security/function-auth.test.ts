// Which HTTP functions need the function key in Azure, read from the one function table that both
// functions/index.ts (Azure) and dev/host (local) serve. Ticket state, enrichment and the sidebar
// carry customer data: `authLevel: 'function'`. The webhooks and the bot endpoint are anonymous by
// necessity and prove their caller otherwise (clientState, Bot Framework JWT, the Outlook pane's Entra token). Locally the host
// accepts calls without a key, like Core Tools do (docs/security.md).
import azf from '@azure/functions';
import { describe, expect, it, vi } from 'vitest';
import { FUNCTIONS, type FunctionDef } from '../../functions/table.js';

type HttpDef = Extract<FunctionDef, { kind: 'http' }>;
const http = FUNCTIONS.filter((f): f is HttpDef => f.kind === 'http');
const byRoute = (route: string) => http.find((f) => f.route === route);

describe('function keys (authLevel) in the function table', () => {
  for (const route of ['tickets', 'tickets/{id}', 'enrich', 'sidebar', 'stats']) {
    it(`GET /api/${route} requires the function key in Azure`, () => {
      expect(byRoute(route), `route ${route} exists`).toBeDefined();
      expect(byRoute(route)!.authLevel).toBe('function');
    });
  }

  it('only the health probe and the callers that authenticate themselves are anonymous', () => {
    const anonymous = http.filter((f) => f.authLevel === 'anonymous').map((f) => f.route).sort();
    // notifications/lifecycle: Graph cannot send a key header (clientState proves it);
    // messages: the Bot Framework JWT is checked by the adapter; health: liveness only;
    // pane/ticket, pane/actions: Outlook sends the agent's Entra token, which the pane's API validates
    // (functions/pane.test.ts); pane, pane/assets, pane/office, pane/config: public files and settings, no data.
    expect(anonymous).toEqual(['health', 'lifecycle', 'messages', 'notifications', 'pane', 'pane/actions', 'pane/assets/{name}', 'pane/config', 'pane/office/{*path}', 'pane/ticket']);
  });

  it('only posting the digest on demand needs the admin (master) key', () => {
    expect(http.filter((f) => f.authLevel === 'admin').map((f) => f.route)).toEqual(['digest']);
    expect(byRoute('digest')!.methods).toEqual(['POST']);
  });

  it('no HTTP function has an authLevel unknown to the table', () => {
    for (const f of http) expect(['anonymous', 'function', 'admin'], f.name).toContain(f.authLevel);
  });

  it('the Azure entry point registers each HTTP function with the authLevel of the table', async () => {
    const registered = new Map<string, unknown>();
    const spy = vi.spyOn(azf.app, 'http').mockImplementation((name: string, options: { authLevel?: unknown }) => {
      registered.set(name, options.authLevel);
    });
    vi.spyOn(azf.app, 'storageQueue').mockImplementation(() => undefined);
    vi.spyOn(azf.app, 'timer').mockImplementation(() => undefined);
    try {
      await import('../../functions/index.js');
    } finally {
      vi.restoreAllMocks();
    }
    expect(spy).toHaveBeenCalled();
    expect(Object.fromEntries(registered)).toEqual(Object.fromEntries(http.map((f) => [f.name, f.authLevel])));
  });
});
