// Offline reading of the Bicep files with the tree-sitter Bicep grammar (WASM, no Bicep CLI):
// syntax errors, declared parameters, which identifiers are used, the Function App's app settings
// (name → value expression), the resources with their loops and dependencies, loops whose
// collection is not known when the deployment starts (the compiler's BCP178, which a syntax parse
// alone cannot see), and a small evaluator of deploy-time name expressions (name-length checks).
// infra/infra.test.ts builds its checks on this.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

let parser: Promise<Parser> | null = null;

function bicepParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
    const p = new Parser();
    p.setLanguage(language);
    return p;
  })();
  return parser;
}

export interface SyntaxProblem {
  line: number;
  column: number;
  text: string;
}

export interface BicepParam {
  name: string;
  hasDefault: boolean;
  secure: boolean;
  /** Source text of the default value expression, if any. */
  defaultText?: string;
}

export interface BicepFile {
  problems: SyntaxProblem[];
  params: BicepParam[];
  /** Identifiers referenced anywhere except in their own declaration and as object keys. */
  references: Map<string, number>;
  /** Every `{ name: '<literal>', value: <expr> }` object: app-setting name → value source text. */
  appSettings: Map<string, string>;
  /** Every string literal without interpolation, for secret-literal scans. */
  literals: string[];
  resources: BicepResource[];
  /** Resource and variable loops whose collection needs runtime values (Bicep rejects them: BCP178). */
  nonConstantLoops: NonConstantLoop[];
  /** Evaluates a deploy-time expression (source text) with the given parameter values. */
  evaluate(expression: string, params: Record<string, BicepValue>, locals?: Record<string, BicepValue>): BicepValue;
}

export interface BicepResource {
  symbol: string;
  /** Resource type without the API version, e.g. Microsoft.Web/sites. */
  type: string;
  line: number;
  /** Source text of the `name:` value. */
  nameText?: string;
  /** `[for <item> in <collection>: …]`: the loop variable and the collection's source text. */
  loop?: { item: string; collection: string };
  /** Symbols listed in `dependsOn`. */
  dependsOn: string[];
  /** Every identifier used in the declaration's body (implicit dependencies included). */
  uses: Set<string>;
}

export interface NonConstantLoop {
  declaration: string;
  line: number;
  collection: string;
  /** Why the collection is not a deploy-time constant, e.g. "storage.listKeys()" via "secretValues". */
  because: string[];
}

export type BicepValue = string | number | boolean | null | BicepValue[] | { [key: string]: BicepValue };

/** What the evaluator gives for a value that exists only once the deployment runs (listKeys(), a resource's properties). */
export const RUNTIME_VALUE = '\u0000runtime';

/** Resource properties that ARM knows before the resource exists; anything else is a runtime value. */
const DEPLOY_TIME_PROPERTIES = new Set(['id', 'name', 'type', 'apiVersion']);
/** Functions whose result only exists once the deployment runs. */
const RUNTIME_FUNCTION = /^(reference|list[A-Za-z]*|pickZones)$/;

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children) if (child) yield* walk(child);
}

function problemsOf(root: Node): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  for (const n of walk(root)) {
    if (n.isError || n.isMissing) out.push({ line: n.startPosition.row + 1, column: n.startPosition.column + 1, text: n.text.slice(0, 80) });
  }
  return out;
}

/** The plain value of a string node without interpolation; null otherwise. */
function literal(node: Node | null | undefined): string | null {
  if (!node || node.type !== 'string') return null;
  if (node.children.some((c) => c?.type === 'interpolation')) return null;
  return node.children.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
}

export function analyzeBicep(source: string, p: Parser): BicepFile {
  const tree = p.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  const root = tree.rootNode;
  const params: BicepParam[] = [];
  const declared = new Set<Node['id']>();
  const top = root.children.filter((c): c is Node => c !== null);
  top.forEach((node, i) => {
    if (node.type !== 'parameter_declaration') return;
    const id = node.children.find((c) => c?.type === 'identifier');
    if (!id) return;
    declared.add(id.id);
    const typeIndex = node.children.findIndex((c) => c?.type === 'type');
    const value = typeIndex >= 0 ? node.children.slice(typeIndex + 1).find((c) => c && c.isNamed) : undefined;
    const prev = top[i - 1];
    const secure = prev?.type === 'decorators' && /@secure\(\)/.test(prev.text);
    params.push({ name: id.text, hasDefault: value !== undefined, secure, defaultText: value?.text });
  });
  // Declarations of variables, resources, outputs and functions name things; they are not uses.
  for (const node of top) {
    if (['variable_declaration', 'resource_declaration', 'output_declaration', 'module_declaration'].includes(node.type)) {
      const id = node.children.find((c) => c?.type === 'identifier');
      if (id) declared.add(id.id);
    }
  }
  const references = new Map<string, number>();
  const appSettings = new Map<string, string>();
  const literals: string[] = [];
  for (const n of walk(root)) {
    if (n.type === 'identifier' && !declared.has(n.id)) {
      const parent = n.parent;
      const isKey = parent?.type === 'object_property' && parent.children[0]?.id === n.id;
      if (!isKey) references.set(n.text, (references.get(n.text) ?? 0) + 1);
    }
    if (n.type === 'object') {
      const props = new Map<string, Node>();
      for (const prop of n.children) {
        if (prop?.type !== 'object_property') continue;
        const key = prop.children[0];
        const value = prop.children.filter((c): c is Node => c !== null && c.isNamed).at(-1);
        if (key && value && value.id !== key.id) props.set(key.text, value);
      }
      const name = literal(props.get('name'));
      const value = props.get('value');
      if (name !== null && value && props.size === 2) appSettings.set(name, value.text);
    }
    if (n.type === 'string') {
      const l = literal(n);
      if (l !== null) literals.push(l);
    }
  }
  const vars = new Map<string, Node>();
  const resourceSymbols = new Set<string>();
  for (const node of top) {
    const id = node.children.find((c) => c?.type === 'identifier');
    if (!id) continue;
    if (node.type === 'variable_declaration') {
      const value = node.children.filter((c): c is Node => c !== null && c.isNamed).at(-1);
      if (value && value.id !== id.id) vars.set(id.text, value);
    }
    if (node.type === 'resource_declaration' || node.type === 'module_declaration') resourceSymbols.add(id.text);
  }
  const resources = top.filter((n) => n.type === 'resource_declaration').map((n) => resourceOf(n));
  const nonConstantLoops = findNonConstantLoops(top, vars, resourceSymbols);
  const paramDefaults = new Map(params.filter((p) => p.defaultText !== undefined).map((p) => [p.name, p.defaultText!]));
  const evaluate = (expression: string, paramValues: Record<string, BicepValue>, locals: Record<string, BicepValue> = {}) => {
    const parsed = p.parse(`var __expression = ${expression}\n`);
    const decl = parsed?.rootNode.children.find((c) => c?.type === 'variable_declaration');
    const value = decl?.children.filter((c): c is Node => c !== null && c.isNamed).at(-1);
    if (!value || parsed!.rootNode.hasError) throw new Error(`not an expression: ${expression}`);
    return new Evaluator(vars, resources, paramValues, paramDefaults, p).value(value, locals);
  };
  return { problems: problemsOf(root), params, references, appSettings, literals, resources, nonConstantLoops, evaluate };
}

function namedChildren(n: Node): Node[] {
  return n.children.filter((c): c is Node => c !== null && c.isNamed);
}

function objectProps(obj: Node): Map<string, Node> {
  const props = new Map<string, Node>();
  for (const prop of obj.children) {
    if (prop?.type !== 'object_property') continue;
    const [key, value] = namedChildren(prop);
    if (key && value) props.set(key.type === 'string' ? (literal(key) ?? key.text) : key.text, value);
  }
  return props;
}

/** The loop collection of a for_statement: the expression after `in`. */
function loopParts(forNode: Node): { item: string; collection: Node; body: Node | undefined } | null {
  const kids = forNode.children.filter((c): c is Node => c !== null);
  const inIndex = kids.findIndex((c) => c.type === 'in');
  const collection = kids.slice(inIndex + 1).find((c) => c.isNamed);
  if (inIndex < 0 || !collection) return null;
  const head = kids.slice(0, inIndex).find((c) => c.type === 'identifier' || c.type === 'for_loop_parameters');
  const item = head?.type === 'for_loop_parameters' ? (head.children.find((c) => c?.type === 'loop_variable')?.text ?? '') : (head?.text ?? '');
  const afterColon = kids.slice(kids.findIndex((c) => c.type === ':') + 1).find((c) => c.isNamed);
  const body = afterColon?.type === 'if_statement' ? namedChildren(afterColon).at(-1) : afterColon;
  return { item, collection, body };
}

function resourceOf(node: Node): BicepResource {
  const symbol = node.children.find((c) => c?.type === 'identifier')?.text ?? '';
  const type = (literal(node.children.find((c) => c?.type === 'string')) ?? '').split('@')[0]!;
  let body = namedChildren(node).at(-1);
  let loop: BicepResource['loop'];
  if (body?.type === 'for_statement') {
    const parts = loopParts(body);
    if (parts) loop = { item: parts.item, collection: parts.collection.text };
    body = parts?.body;
  } else if (body?.type === 'if_statement') {
    body = namedChildren(body).at(-1);
  }
  const props = body?.type === 'object' ? objectProps(body) : new Map<string, Node>();
  const dependsOn = props.get('dependsOn');
  const uses = new Set<string>();
  if (body) for (const n of walk(body)) if (n.type === 'identifier') uses.add(n.text);
  return {
    symbol,
    type,
    line: node.startPosition.row + 1,
    nameText: props.get('name')?.text,
    loop,
    dependsOn: dependsOn?.type === 'array' ? namedChildren(dependsOn).map((d) => d.text) : [],
    uses,
  };
}

/**
 * Bicep needs a loop's collection when the deployment starts: parameters, variables built from
 * them, and a resource's id/name/type are fine; `list*()`, `reference()` and other resource
 * properties (known only once that resource exists) are not — the compiler rejects them (BCP178).
 */
function findNonConstantLoops(top: Node[], vars: Map<string, Node>, resourceSymbols: Set<string>): NonConstantLoop[] {
  const memo = new Map<string, string[]>();
  const runtimeReasons = (expr: Node, seen: Set<string>): string[] => {
    const reasons: string[] = [];
    for (const n of walk(expr)) {
      if (n.type === 'call_expression') {
        const callee = n.children[0];
        const fname = callee?.type === 'member_expression' ? callee.children.at(-1)?.text : callee?.text;
        if (fname && RUNTIME_FUNCTION.test(fname)) reasons.push(`${callee!.text}()`);
      }
      if (n.type === 'member_expression') {
        const [object, , prop] = n.children;
        if (object?.type === 'identifier' && resourceSymbols.has(object.text) && prop && !DEPLOY_TIME_PROPERTIES.has(prop.text) && !RUNTIME_FUNCTION.test(prop.text)) {
          reasons.push(`${object.text}.${prop.text}`);
        }
      }
      if (n.type === 'identifier' && vars.has(n.text) && !seen.has(n.text)) {
        const isKey = n.parent?.type === 'object_property' && n.parent.children[0]?.id === n.id;
        const isProperty = n.parent?.type === 'member_expression' && n.parent.children[0]?.id !== n.id;
        if (isKey || isProperty) continue;
        const name = n.text;
        if (!memo.has(name)) memo.set(name, runtimeReasons(vars.get(name)!, new Set([...seen, name])));
        reasons.push(...memo.get(name)!.map((r) => (r.includes(' via ') ? r : `${r} via ${name}`)));
      }
    }
    return [...new Set(reasons)];
  };
  const out: NonConstantLoop[] = [];
  for (const node of top) {
    const symbol = node.children.find((c) => c?.type === 'identifier')?.text ?? '';
    for (const n of walk(node)) {
      if (n.type !== 'for_statement') continue;
      const parts = loopParts(n);
      if (!parts) continue;
      const because = runtimeReasons(parts.collection, new Set());
      if (because.length) out.push({ declaration: symbol, line: n.startPosition.row + 1, collection: parts.collection.text, because });
    }
  }
  return out;
}

/** uniqueString() is a 13-character base-32 hash; the offline stand-in has the same length and alphabet. */
function uniqueString(args: string[]): string {
  const digest = createHash('sha256').update(args.join('|')).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...digest.subarray(0, 13)].map((b) => alphabet[b % 32]).join('');
}

/** Evaluates the deploy-time subset of Bicep expressions that resource names are made of. */
class Evaluator {
  constructor(
    private readonly vars: Map<string, Node>,
    private readonly resources: BicepResource[],
    private readonly params: Record<string, BicepValue>,
    private readonly paramDefaults: Map<string, string>,
    private readonly parser: Parser,
  ) {}

  value(n: Node, locals: Record<string, BicepValue>): BicepValue {
    switch (n.type) {
      case 'string':
        return n.children
          .filter((c): c is Node => c !== null)
          .map((c) => (c.type === 'string_content' || c.type === 'escape_sequence' ? c.text : c.type === 'interpolation' ? String(this.value(namedChildren(c)[0]!, locals)) : ''))
          .join('');
      case 'number':
        return Number(n.text);
      case 'boolean':
        return n.text === 'true';
      case 'null':
        return null;
      case 'parenthesized_expression':
        return this.value(namedChildren(n)[0]!, locals);
      case 'array':
        return namedChildren(n).map((c) => this.value(c, locals));
      case 'object':
        return Object.fromEntries([...objectProps(n)].map(([k, v]) => [k, this.value(v, locals)]));
      case 'identifier': {
        if (n.text in locals) return locals[n.text]!;
        if (n.text in this.params) return this.params[n.text]!;
        const d = this.paramDefaults.get(n.text);
        if (d !== undefined) return this.valueOfText(d, locals);
        const v = this.vars.get(n.text);
        if (v) return this.value(v, {});
        if (this.resources.some((r) => r.symbol === n.text)) return RUNTIME_VALUE;
        throw new Error(`cannot evaluate "${n.text}" offline`);
      }
      case 'member_expression': {
        const [object, , prop] = n.children;
        if (object?.type === 'call_expression' && object.children[0]?.text === 'resourceGroup') {
          return { id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-offline', name: 'rg-offline', location: 'westeurope' }[prop!.text] ?? '';
        }
        // A resource's name and id are known before it exists (a loop resource's are not needed here).
        const resource = object?.type === 'identifier' ? this.resources.find((r) => r.symbol === object.text && !r.loop) : undefined;
        if (resource && (prop?.text === 'name' || prop?.text === 'id')) {
          const name = String(this.value(this.parseExpression(resource.nameText ?? "''"), {}));
          return prop.text === 'name' ? name : `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-offline/providers/${resource.type}/${name}`;
        }
        const o = this.value(object!, locals);
        if (o === RUNTIME_VALUE) return RUNTIME_VALUE;
        if (o && typeof o === 'object' && !Array.isArray(o) && prop!.text in o) return o[prop!.text]!;
        throw new Error(`cannot evaluate "${n.text}" offline`);
      }
      case 'subscript_expression': {
        const [object, index] = namedChildren(n);
        const o = this.value(object!, locals);
        if (o === RUNTIME_VALUE) return RUNTIME_VALUE;
        const i = this.value(index!, locals);
        if (Array.isArray(o) && typeof i === 'number') return o[i] ?? null;
        if (o && typeof o === 'object' && !Array.isArray(o) && typeof i === 'string') return o[i] ?? null;
        throw new Error(`cannot evaluate "${n.text}" offline`);
      }
      case 'ternary_expression': {
        const [cond, a, b] = namedChildren(n);
        return this.value(cond!, locals) ? this.value(a!, locals) : this.value(b!, locals);
      }
      case 'binary_expression': {
        const [a, b] = namedChildren(n);
        const op = n.children.find((c) => c !== null && !c.isNamed)?.text;
        const l = this.value(a!, locals);
        if (op === '&&') return l === true && this.value(b!, locals) === true;
        if (op === '||') return l === true || this.value(b!, locals) === true;
        const r = this.value(b!, locals);
        if (op === '==') return JSON.stringify(l) === JSON.stringify(r);
        if (op === '!=') return JSON.stringify(l) !== JSON.stringify(r);
        if (op === '??') return l ?? r;
        break;
      }
      case 'unary_expression':
        if (n.children[0]?.text === '!') return !this.value(namedChildren(n)[0]!, locals);
        break;
      case 'call_expression':
        return this.call(n, locals);
    }
    throw new Error(`cannot evaluate "${n.text}" offline`);
  }

  private parseExpression(text: string): Node {
    const parsed = this.parser.parse(`var __d = ${text}\n`);
    const decl = parsed?.rootNode.children.find((c) => c?.type === 'variable_declaration');
    return namedChildren(decl!).at(-1)!;
  }

  private valueOfText(text: string, locals: Record<string, BicepValue>): BicepValue {
    return this.value(this.parseExpression(text), locals);
  }

  private call(n: Node, locals: Record<string, BicepValue>): BicepValue {
    const callee = n.children[0];
    const fname = (callee?.type === 'member_expression' ? callee.children.at(-1)?.text : callee?.text) ?? '';
    if (RUNTIME_FUNCTION.test(fname)) return RUNTIME_VALUE;
    if (fname === 'environment') return { suffixes: { storage: 'core.windows.net' }, authentication: { loginEndpoint: 'https://login.microsoftonline.com/' } };
    if (fname === 'tenant') return { tenantId: '00000000-0000-0000-0000-000000000000' };
    const argsNode = n.children.find((c) => c?.type === 'arguments');
    const argNodes = argsNode ? namedChildren(argsNode) : [];
    if (fname === 'filter' || fname === 'map') {
      const list = this.value(argNodes[0]!, locals);
      // The grammar binds `x => x.name` as (x => x).name, so the lambda is taken apart by its text.
      const lambda = /^\(?\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)?\s*=>\s*([\s\S]+)$/.exec(argNodes[1]?.text ?? '');
      if (!Array.isArray(list) || !lambda) throw new Error(`cannot evaluate "${n.text}" offline`);
      const [, param, body] = lambda;
      const apply = (item: BicepValue) => this.valueOfText(body!, { ...locals, [param!]: item });
      return fname === 'map' ? list.map(apply) : list.filter((item) => apply(item) === true);
    }
    const args = argNodes.map((a) => this.value(a, locals));
    const str = (i: number) => String(args[i] ?? '');
    switch (fname) {
      case 'take':
        return Array.isArray(args[0]) ? args[0].slice(0, Number(args[1])) : str(0).slice(0, Number(args[1]));
      case 'uniqueString':
        return uniqueString(args.map(String));
      case 'guid':
        return createHash('sha256').update(args.map(String).join('|')).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
      case 'toLower':
        return str(0).toLowerCase();
      case 'toUpper':
        return str(0).toUpperCase();
      case 'replace':
        return str(0).split(str(1)).join(str(2));
      case 'substring':
        return str(0).substr(Number(args[1]), args[2] === undefined ? undefined : Number(args[2]));
      case 'string':
        return typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
      case 'length':
        return Array.isArray(args[0]) ? args[0].length : args[0] && typeof args[0] === 'object' ? Object.keys(args[0]).length : str(0).length;
      case 'empty':
        return args[0] === null || args[0] === '' || (Array.isArray(args[0]) && args[0].length === 0) || (typeof args[0] === 'object' && args[0] !== null && Object.keys(args[0]).length === 0);
      case 'startsWith':
        return str(0).startsWith(str(1));
      case 'contains':
        return Array.isArray(args[0]) ? args[0].includes(args[1]!) : str(0).includes(str(1));
      case 'join':
        return (args[0] as BicepValue[]).map(String).join(str(1));
      case 'items': {
        const o = args[0];
        if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error(`items() needs an object: ${n.text}`);
        // ARM returns the entries sorted by key.
        return Object.entries(o)
          .sort(([a], [b]) => a.localeCompare(b, 'en', { sensitivity: 'base' }))
          .map(([key, value]) => ({ key, value }));
      }
      case 'fail':
        throw new BicepFailure(str(0));
    }
    throw new Error(`cannot evaluate ${fname}() offline`);
  }
}

/** The template's own fail('…') reached during evaluation: the deployment would stop with this message. */
export class BicepFailure extends Error {
  override name = 'BicepFailure';
}

export async function readBicep(path: string): Promise<BicepFile> {
  return analyzeBicep(readFileSync(path, 'utf8'), await bicepParser());
}

export interface BicepParamFile {
  problems: SyntaxProblem[];
  using: string | null;
  /** Parameter name → value source text. */
  values: Map<string, string>;
}

/**
 * Reads a .bicepparam file. The grammar knows `param name type = value` but not the parameter
 * file's untyped `param name = value`, so each assignment is given a placeholder type before
 * parsing: the value expressions are still checked by the real grammar.
 */
export async function readBicepParams(path: string): Promise<BicepParamFile> {
  const source = readFileSync(path, 'utf8');
  const usingMatch = /^using\s+'([^']+)'/m.exec(source);
  const typed = source.replace(/^param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=/gm, 'param $1 object =');
  const analyzed = analyzeBicep(typed, await bicepParser());
  const values = new Map(analyzed.params.map((p) => [p.name, p.defaultText ?? '']));
  return { problems: analyzed.problems, using: usingMatch?.[1] ?? null, values };
}

/** Analyzes Bicep source text (used by the checks' own tests). */
export async function analyzeBicepSource(source: string): Promise<BicepFile> {
  return analyzeBicep(source, await bicepParser());
}
