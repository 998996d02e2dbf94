// OData query options the mock understands: $select, $filter (a small but real expression language:
// eq/ne/gt/ge/lt/le, and/or/not, parentheses, any/all lambdas, contains/startswith/endswith),
// $orderby, $top/$skip, and the Prefer header. Anything else is a 400, as Graph does.
import { badRequest } from './errors.js';

export type Literal = string | number | boolean | null | { date: number };
export type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'cmp'; op: CmpOp; path: string[]; value: Literal }
  | { kind: 'lambda'; quantifier: 'any' | 'all'; path: string[]; variable: string; body: Expr }
  | { kind: 'fn'; name: 'contains' | 'startswith' | 'endswith'; path: string[]; value: string }
  | { kind: 'path'; path: string[] };

type Token = { t: 'punct'; v: '(' | ')' | ',' | ':' | '/' } | { t: 'str'; v: string } | { t: 'word'; v: string } | { t: 'num'; v: number } | { t: 'date'; v: number };

const DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')' || c === ',' || c === ':' || c === '/') { out.push({ t: 'punct', v: c }); i++; continue; }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw badRequest('Invalid filter clause: unterminated string literal.');
        if (src[i] === "'") {
          if (src[i + 1] === "'") { s += "'"; i += 2; continue; }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    const rest = src.slice(i);
    const d = DATE_RE.exec(rest);
    if (d) {
      const ms = Date.parse(d[0]);
      if (Number.isNaN(ms)) throw badRequest(`Invalid filter clause: bad date '${d[0]}'.`);
      out.push({ t: 'date', v: ms });
      i += d[0].length;
      continue;
    }
    const n = /^-?\d+(\.\d+)?/.exec(rest);
    if (n) { out.push({ t: 'num', v: Number(n[0]) }); i += n[0].length; continue; }
    const w = /^[A-Za-z_@$][\w.@$]*/.exec(rest);
    if (w) { out.push({ t: 'word', v: w[0] }); i += w[0].length; continue; }
    throw badRequest(`Invalid filter clause: unexpected character '${c}'.`);
  }
  return out;
}

const CMP_OPS = new Set<CmpOp>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FNS = new Set(['contains', 'startswith', 'endswith']);

export function parseFilter(src: string): Expr {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Token | undefined => toks[p];
  const isWord = (tok: Token | undefined, v: string): boolean => tok?.t === 'word' && tok.v.toLowerCase() === v;
  const isPunct = (tok: Token | undefined, v: string): boolean => tok?.t === 'punct' && tok.v === v;
  const expect = (v: string): void => {
    if (!isPunct(peek(), v)) throw badRequest(`Invalid filter clause: expected '${v}'.`);
    p++;
  };

  function parseOr(): Expr {
    let left = parseAnd();
    while (isWord(peek(), 'or')) { p++; left = { kind: 'or', left, right: parseAnd() }; }
    return left;
  }
  function parseAnd(): Expr {
    let left = parseUnary();
    while (isWord(peek(), 'and')) { p++; left = { kind: 'and', left, right: parseUnary() }; }
    return left;
  }
  function parseUnary(): Expr {
    if (isWord(peek(), 'not')) { p++; return { kind: 'not', expr: parseUnary() }; }
    if (isPunct(peek(), '(')) { p++; const e = parseOr(); expect(')'); return e; }
    return parseAtom();
  }
  function parseLiteral(): Literal {
    const tok = toks[p++];
    if (!tok) throw badRequest('Invalid filter clause: missing value.');
    switch (tok.t) {
      case 'str': return tok.v;
      case 'num': return tok.v;
      case 'date': return { date: tok.v };
      case 'word': {
        const v = tok.v.toLowerCase();
        if (v === 'true') return true;
        if (v === 'false') return false;
        if (v === 'null') return null;
        throw badRequest(`Invalid filter clause: '${tok.v}' is not a value.`);
      }
      case 'punct': throw badRequest(`Invalid filter clause: unexpected '${tok.v}'.`);
    }
  }
  function parseAtom(): Expr {
    const tok = peek();
    if (tok?.t === 'word' && FNS.has(tok.v.toLowerCase()) && isPunct(toks[p + 1], '(')) {
      p += 2;
      const path = parsePath();
      expect(',');
      const v = parseLiteral();
      expect(')');
      if (typeof v !== 'string') throw badRequest(`Invalid filter clause: ${tok.v} takes a string.`);
      return { kind: 'fn', name: tok.v.toLowerCase() as 'contains', path, value: v };
    }
    const path: string[] = [];
    for (;;) {
      const seg = toks[p];
      if (seg?.t !== 'word') throw badRequest('Invalid filter clause: expected a property.');
      p++;
      const lower = seg.v.toLowerCase();
      if ((lower === 'any' || lower === 'all') && path.length > 0 && isPunct(peek(), '(')) {
        p++;
        const variable = toks[p++];
        if (variable?.t !== 'word') throw badRequest('Invalid filter clause: lambda needs a variable.');
        expect(':');
        const body = parseOr();
        expect(')');
        return { kind: 'lambda', quantifier: lower, path, variable: variable.v, body };
      }
      path.push(seg.v);
      if (isPunct(peek(), '/')) { p++; continue; }
      break;
    }
    const op = peek();
    if (op?.t === 'word' && CMP_OPS.has(op.v.toLowerCase() as CmpOp)) {
      p++;
      return { kind: 'cmp', op: op.v.toLowerCase() as CmpOp, path, value: parseLiteral() };
    }
    return { kind: 'path', path };
  }
  function parsePath(): string[] {
    const path: string[] = [];
    for (;;) {
      const seg = toks[p++];
      if (seg?.t !== 'word') throw badRequest('Invalid filter clause: expected a property.');
      path.push(seg.v);
      if (!isPunct(peek(), '/')) return path;
      p++;
    }
  }

  if (toks.length === 0) throw badRequest('Invalid filter clause: empty.');
  const e = parseOr();
  if (p !== toks.length) throw badRequest('Invalid filter clause: unexpected trailing tokens.');
  return e;
}

function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    const rec = cur as Record<string, unknown>;
    const key = Object.keys(rec).find((k) => k.toLowerCase() === seg.toLowerCase());
    cur = key === undefined ? undefined : rec[key];
  }
  return cur;
}

function asTime(v: unknown): number | null {
  if (typeof v === 'object' && v !== null && 'date' in v) return (v as { date: number }).date;
  if (typeof v === 'string' && DATE_RE.test(v) && v.length >= 10) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function compare(actual: unknown, op: CmpOp, lit: Literal): boolean {
  let a: unknown = actual ?? null;
  let b: unknown = lit;
  const litIsDate = typeof lit === 'object' && lit !== null;
  if (litIsDate || (typeof a === 'string' && typeof b === 'string' && asTime(a) !== null && asTime(b) !== null)) {
    a = a === null ? null : asTime(a);
    b = asTime(b);
  } else if (typeof a === 'string' && typeof b === 'string') {
    // Exchange compares strings case-insensitively.
    a = a.toLowerCase();
    b = b.toLowerCase();
  }
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (a === null || b === null || typeof a !== typeof b) return false;
  const x = a as number | string | boolean;
  const y = b as number | string | boolean;
  switch (op) {
    case 'gt': return x > y;
    case 'ge': return x >= y;
    case 'lt': return x < y;
    case 'le': return x <= y;
  }
}

export function evaluate(e: Expr, obj: unknown, scope: Record<string, unknown> = {}): boolean {
  const resolve = (path: string[]): unknown => {
    const [head, ...rest] = path;
    if (head !== undefined && head in scope) return getPath(scope[head], rest);
    return getPath(obj, path);
  };
  switch (e.kind) {
    case 'and': return evaluate(e.left, obj, scope) && evaluate(e.right, obj, scope);
    case 'or': return evaluate(e.left, obj, scope) || evaluate(e.right, obj, scope);
    case 'not': return !evaluate(e.expr, obj, scope);
    case 'cmp': return compare(resolve(e.path), e.op, e.value);
    case 'path': return resolve(e.path) === true;
    case 'fn': {
      const v = resolve(e.path);
      if (typeof v !== 'string') return false;
      const s = v.toLowerCase();
      const needle = e.value.toLowerCase();
      return e.name === 'contains' ? s.includes(needle) : e.name === 'startswith' ? s.startsWith(needle) : s.endsWith(needle);
    }
    case 'lambda': {
      const coll = resolve(e.path);
      const items = Array.isArray(coll) ? coll : [];
      const test = (item: unknown): boolean => evaluate(e.body, obj, { ...scope, [e.variable]: item });
      return e.quantifier === 'any' ? items.some(test) : items.every(test);
    }
  }
}

/** The first properties a filter touches, for validating them against the entity. */
export function filterProperties(e: Expr, vars: ReadonlySet<string> = new Set()): string[] {
  switch (e.kind) {
    case 'and': case 'or': return [...filterProperties(e.left, vars), ...filterProperties(e.right, vars)];
    case 'not': return filterProperties(e.expr, vars);
    case 'cmp': case 'fn': case 'path': return vars.has(e.path[0]!) ? [] : [e.path[0]!];
    case 'lambda': return [e.path[0]!, ...filterProperties(e.body, new Set([...vars, e.variable]))];
  }
}

export interface OrderBy { path: string[]; desc: boolean }

export function parseOrderBy(src: string): OrderBy[] {
  return src.split(',').map((part) => {
    const m = /^\s*([A-Za-z][\w/]*)\s*(asc|desc)?\s*$/i.exec(part);
    if (!m) throw badRequest(`Invalid $orderby clause '${part.trim()}'.`);
    return { path: m[1]!.split('/'), desc: (m[2] ?? 'asc').toLowerCase() === 'desc' };
  });
}

export function compareBy(order: readonly OrderBy[]): (a: object, b: object) => number {
  // Keys are computed once per object (dates parsed once), not on every comparison.
  const cache = new WeakMap<object, Array<number | string | boolean>>();
  const keys = (o: object): Array<number | string | boolean> => {
    let k = cache.get(o);
    if (!k) {
      k = order.map((ob) => {
        const v = getPath(o, ob.path);
        const t = asTime(v);
        if (t !== null) return t;
        if (typeof v === 'string') return v.toLowerCase();
        return typeof v === 'number' || typeof v === 'boolean' ? v : '';
      });
      cache.set(o, k);
    }
    return k;
  };
  return (a, b) => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < order.length; i++) {
      const x = ka[i]!;
      const y = kb[i]!;
      const c = x < y ? -1 : x > y ? 1 : 0;
      if (c !== 0) return order[i]!.desc ? -c : c;
    }
    return 0;
  };
}

/** Resolves $select names case-insensitively against the known properties (unknown → 400 like Graph). */
export function parseSelect(src: string, known: readonly string[], entity: string): string[] {
  return src.split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
    const hit = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!hit) throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.${entity}'.`, 'RequestBroker--ParseUri');
    return hit;
  });
}

export function parseIntParam(v: string | null, name: string, max: number): number | undefined {
  if (v === null) return undefined;
  if (!/^\d+$/.test(v)) throw badRequest(`Invalid value '${v}' for ${name}.`);
  return Math.min(Number(v), max);
}

/** Prefer header(s) → lower-cased preference name → unquoted value. */
export function parsePrefer(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
    const m = /^\s*([^=\s]+)\s*(?:=\s*(.*?))?\s*$/.exec(part);
    if (!m) continue;
    out.set(m[1]!.toLowerCase(), (m[2] ?? '').replace(/^"(.*)"$/, '$1'));
  }
  return out;
}
