// Route templates as Azure Functions reads them (ASP.NET routing): literal segments match
// case-insensitively, `{id}` binds one segment, `{id?}` may be absent, `{id:int}` / `:alpha` /
// `:guid` / `:bool` constrain it, `{*rest}` takes the remainder. More specific templates win.
export interface CompiledRoute<T> {
  template: string;
  methods: ReadonlySet<string>;
  value: T;
  regex: RegExp;
  names: string[];
  rank: number[];
}

export interface RouteMatch<T> {
  value: T;
  params: Record<string, string>;
}

const CONSTRAINTS: Record<string, string> = {
  int: '-?\\d+',
  long: '-?\\d+',
  alpha: '[A-Za-z]+',
  bool: '(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])',
  guid: '[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}',
  decimal: '-?\\d+(?:\\.\\d+)?',
  double: '-?\\d+(?:\\.\\d+)?',
  float: '-?\\d+(?:\\.\\d+)?',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Lower rank sorts first: literal 0, constrained 1, plain parameter 2, optional 3, catch-all 4. */
export function compileRoute<T>(template: string, methods: string[], value: T): CompiledRoute<T> {
  const names: string[] = [];
  const rank: number[] = [];
  let pattern = '';
  const segments = template.replace(/^\/+|\/+$/g, '').split('/').filter((s) => s.length > 0);
  for (const seg of segments) {
    const whole = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+)(?:\([^)]*\))?)?(\?)?(?:=[^}]*)?\}$/.exec(seg);
    if (whole) {
      const [, star, name, constraint, optional] = whole;
      names.push(name!);
      if (star) {
        pattern += '(?:/(.*))?';
        rank.push(4);
        continue;
      }
      const body = (constraint && CONSTRAINTS[constraint.toLowerCase()]) || '[^/]+';
      pattern += optional ? `(?:/(${body}))?` : `/(${body})`;
      rank.push(optional ? 3 : constraint ? 1 : 2);
      continue;
    }
    if (seg.includes('{')) {
      // A segment mixing literals and parameters, e.g. `file.{ext}`.
      let part = '';
      let last = 0;
      for (const m of seg.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+))?\}/g)) {
        part += escape(seg.slice(last, m.index));
        names.push(m[1]!);
        part += `(${(m[2] && CONSTRAINTS[m[2].toLowerCase()]) || '[^/]+?'})`;
        last = m.index! + m[0].length;
      }
      part += escape(seg.slice(last));
      pattern += `/${part}`;
      rank.push(1);
      continue;
    }
    pattern += `/${escape(seg)}`;
    rank.push(0);
  }
  return {
    template,
    methods: new Set(methods.map((m) => m.toUpperCase())),
    value,
    regex: new RegExp(`^${pattern}/?$`, 'i'),
    names,
    rank,
  };
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}

export class RouteTable<T> {
  private readonly routes: CompiledRoute<T>[] = [];

  add(template: string, methods: string[], value: T): void {
    this.routes.push(compileRoute(template, methods, value));
    this.routes.sort((a, b) => compareRank(a.rank, b.rank));
  }

  /** `path` is relative to the route prefix, starting with `/` (or empty). Unknown method → no match, as in Azure (404). */
  match(method: string, path: string): RouteMatch<T> | undefined {
    const p = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
    for (const r of this.routes) {
      if (!r.methods.has(method.toUpperCase())) continue;
      const m = r.regex.exec(p);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => {
        const v = m[i + 1];
        if (v !== undefined) params[name] = safeDecode(v);
      });
      return { value: r.value, params };
    }
    return undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
