// Offline reading of the Bicep files with the tree-sitter Bicep grammar (WASM, no Bicep CLI):
// syntax errors, declared parameters, which identifiers are used, and the Function App's app
// settings (name → value expression). infra/infra.test.ts builds its checks on this.
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
}

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
  return { problems: problemsOf(root), params, references, appSettings, literals };
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
