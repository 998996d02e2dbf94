// outlook/masterCategories: the mailbox's category list with colour presets. displayName is unique
// (case-insensitive) and immutable; only the colour can change.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { GraphError, badRequest } from '../errors.js';
import { apiBase, assertMailbox, type MockContext } from '../context.js';
import type { ApiRequest, ApiResponse, Params, Router } from '../router.js';
import type { MasterCategory } from '../store.js';
import { zodMessage } from './input.js';

export const CATEGORY_COLORS = ['none', ...Array.from({ length: 25 }, (_, i) => `preset${i}`)] as const;
const Color = z.string().refine((c) => (CATEGORY_COLORS as readonly string[]).includes(c.toLowerCase()), 'must be none or preset0..preset24').transform((c) => c.toLowerCase());
const CreateBody = z.object({ displayName: z.string().trim().min(1).max(255), color: Color.default('none') }).strict();
const PatchBody = z.object({ color: Color }).strict();

function strip(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('@odata')));
}

export function registerCategoryRoutes(r: Router, ctx: MockContext): void {
  const base = '/users/{user}/outlook/masterCategories';
  const ctxUrl = (p: Params): string => `${apiBase(ctx)}/$metadata#users('${p.user}')/outlook/masterCategories`;
  const one = (p: Params, c: MasterCategory): ApiResponse => ({ status: 200, body: { '@odata.context': `${ctxUrl(p)}/$entity`, ...c } });

  r.add('GET', base, 'mailbox', (_req: ApiRequest, p) => {
    assertMailbox(ctx, p.user!);
    return { status: 200, body: { '@odata.context': ctxUrl(p), value: ctx.store.masterCategories.map((c) => ({ ...c })) } };
  });
  r.add('POST', base, 'mailbox', (req, p) => {
    assertMailbox(ctx, p.user!);
    const b = CreateBody.safeParse(strip(req.body));
    if (!b.success) throw badRequest(`Invalid outlookCategory: ${zodMessage(b.error)}`, 'ErrorInvalidRequest');
    const exists = ctx.store.masterCategories.find((c) => c.displayName.toLowerCase() === b.data.displayName.toLowerCase());
    if (exists) throw new GraphError(409, 'ErrorDuplicateCategory', `An Outlook category with the display name '${exists.displayName}' already exists.`);
    const c: MasterCategory = { id: randomUUID(), displayName: b.data.displayName, color: b.data.color };
    ctx.store.masterCategories.push(c);
    return { ...one(p, c), status: 201 };
  });
  r.add('GET', `${base}/{id}`, 'mailbox', (_req, p) => {
    assertMailbox(ctx, p.user!);
    return one(p, ctx.store.findCategory(p.id!));
  });
  r.add('PATCH', `${base}/{id}`, 'mailbox', (req, p) => {
    assertMailbox(ctx, p.user!);
    const c = ctx.store.findCategory(p.id!);
    const raw = strip(req.body);
    if (raw && typeof raw === 'object' && 'displayName' in raw) throw badRequest('The displayName of a category cannot be changed.', 'ErrorInvalidPropertySet');
    const b = PatchBody.safeParse(raw);
    if (!b.success) throw badRequest(`Invalid outlookCategory: ${zodMessage(b.error)}`, 'ErrorInvalidRequest');
    c.color = b.data.color;
    return one(p, c);
  });
  r.add('DELETE', `${base}/{id}`, 'mailbox', (_req, p) => {
    assertMailbox(ctx, p.user!);
    const c = ctx.store.findCategory(p.id!);
    ctx.store.masterCategories.splice(ctx.store.masterCategories.indexOf(c), 1);
    return { status: 204 };
  });
}
