// /subscriptions: create (with the validation handshake), get, list, renew (PATCH), delete,
// reauthorize — Graph's shapes and errors on top of the SubscriptionManager.
import { z } from 'zod';
import { badRequest } from '../errors.js';
import { apiBase, preferences, type MockContext } from '../context.js';
import { splitPath } from '../router.js';
import type { ApiRequest, ApiResponse, Router } from '../router.js';
import type { ChangeType, WellKnownFolder } from '../store.js';
import type { SubscriptionRecord } from '../subscriptions.js';
import { appIdOf } from '../token.js';
import { zodMessage } from './input.js';

const ChangeTypes = z.string().transform((s, c) => {
  const parts = [...new Set(s.split(',').map((x) => x.trim()))];
  for (const p of parts) {
    if (p !== 'created' && p !== 'updated' && p !== 'deleted') {
      c.addIssue({ code: 'custom', message: `'${p}' is not a valid changeType (created, updated, deleted)` });
      return z.NEVER;
    }
  }
  return parts as ChangeType[];
});

const CreateBody = z.object({
  changeType: ChangeTypes,
  notificationUrl: z.string().min(1),
  lifecycleNotificationUrl: z.string().min(1).nullish(),
  resource: z.string().min(1),
  expirationDateTime: z.string().min(1),
  clientState: z.string().max(128).nullish(),
  includeResourceData: z.boolean().optional(),
  latestSupportedTlsVersion: z.string().optional(),
  encryptionCertificate: z.string().nullish(),
  encryptionCertificateId: z.string().nullish(),
});

const PatchBody = z.object({ expirationDateTime: z.string().optional(), notificationUrl: z.string().optional() }).strict();

function strip(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('@odata')));
}

/** users/{id|upn}/messages or users/{id|upn}/mailFolders('x')/messages → the folder (null = all). */
function folderOfResource(ctx: MockContext, resource: string): WellKnownFolder | null {
  if (resource.includes('?')) throw badRequest('Resource filters ($filter/$select on subscriptions) are not supported by the mock Graph.');
  const s = splitPath(resource.replace(/^https?:\/\/[^/]+\/v1\.0/i, ''));
  const lower = s.map((x) => x.toLowerCase());
  if (lower[0] === 'me') throw badRequest('/me request is only valid with delegated authentication flow.');
  if (lower[0] !== 'users' || !s[1] || !ctx.store.isMailbox(s[1])) throw badRequest(`Resource '${resource}' is not supported: use users/{id|upn}/messages or users/{id|upn}/mailFolders('{folder}')/messages for ${ctx.store.address}.`, 'ExtensionError');
  if (s.length === 3 && lower[2] === 'messages') return null;
  if (s.length === 5 && lower[2] === 'mailfolders' && lower[4] === 'messages') return ctx.store.resolveFolder(s[3]!);
  throw badRequest(`Resource '${resource}' is not supported by the mock Graph (message resources only).`, 'ExtensionError');
}

function render(ctx: MockContext, s: SubscriptionRecord): Record<string, unknown> {
  return {
    '@odata.context': `${apiBase(ctx)}/$metadata#subscriptions/$entity`,
    id: s.id, resource: s.resource, applicationId: s.applicationId, changeType: s.changeTypes.join(','), clientState: s.clientState,
    notificationUrl: s.notificationUrl, notificationQueryOptions: null, lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: new Date(s.expiresAt).toISOString(), creatorId: s.applicationId, includeResourceData: false,
    latestSupportedTlsVersion: 'v1_2', encryptionCertificate: null, encryptionCertificateId: null, notificationUrlAppId: null,
    notificationContentType: null,
  };
}

export function registerSubscriptionRoutes(r: Router, ctx: MockContext): void {
  r.add('POST', '/subscriptions', 'graph', async (req: ApiRequest): Promise<ApiResponse> => {
    const b = CreateBody.safeParse(strip(req.body));
    if (!b.success) throw badRequest(`Invalid subscription: ${zodMessage(b.error)}`, 'InvalidRequest');
    if (b.data.includeResourceData) throw badRequest('Rich notifications (includeResourceData) are not supported by the mock Graph.', 'ExtensionError');
    const folder = folderOfResource(ctx, b.data.resource);
    const token = (req.headers['authorization'] ?? '').replace(/^Bearer\s+/i, '');
    const sub = await ctx.subs.create({
      resource: b.data.resource,
      changeTypes: b.data.changeType,
      notificationUrl: b.data.notificationUrl,
      lifecycleNotificationUrl: b.data.lifecycleNotificationUrl ?? null,
      clientState: b.data.clientState ?? null,
      expirationDateTime: b.data.expirationDateTime,
      folder,
      // The id form of notifications is fixed at create time by the Prefer header [IMM].
      immutableIds: preferences(req).immutable,
      applicationId: appIdOf(token) ?? '11111111-1111-1111-1111-111111111111',
    });
    return { status: 201, body: render(ctx, sub) };
  });
  r.add('GET', '/subscriptions', 'graph', () => ({
    status: 200,
    body: { '@odata.context': `${apiBase(ctx)}/$metadata#subscriptions`, value: ctx.subs.list().map((s) => render(ctx, s)) },
  }));
  r.add('GET', '/subscriptions/{id}', 'graph', (_req, p) => ({ status: 200, body: render(ctx, ctx.subs.get(p.id!)) }));
  r.add('PATCH', '/subscriptions/{id}', 'graph', async (req, p) => {
    const raw = strip(req.body);
    if (raw && typeof raw === 'object' && 'lifecycleNotificationUrl' in raw) {
      throw badRequest('lifecycleNotificationUrl cannot be added or changed on an existing subscription; delete and recreate it.', 'InvalidRequest');
    }
    const b = PatchBody.safeParse(raw);
    if (!b.success) throw badRequest(`Invalid subscription update: ${zodMessage(b.error)}`, 'InvalidRequest');
    return { status: 200, body: render(ctx, await ctx.subs.renew(p.id!, b.data)) };
  });
  r.add('DELETE', '/subscriptions/{id}', 'graph', (_req, p) => {
    ctx.subs.delete(p.id!);
    return { status: 204 };
  });
  r.add('POST', '/subscriptions/{id}/reauthorize', 'graph', (_req, p) => {
    ctx.subs.reauthorize(p.id!);
    return { status: 200 };
  });
}
