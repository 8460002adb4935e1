/**
 * Makes the editor resolve `openclaw/policy` in a user's policy files: the policy API's declarations
 * ship with the extension (dist/types/policy.d.ts, generated at build time), and the tsconfig.json of
 * the policies' folder maps the module names there with `compilerOptions.paths`.
 *
 * - No config covers the folder: a small tsconfig.json is written beside the policies (in the nearest
 *   folder named `policies`, else the policy's own folder).
 * - The folder has its own tsconfig.json or jsconfig.json: the two paths are merged into it, its
 *   comments and everything else kept; a mapping of the user's own that resolves is left alone.
 * - A config further up maps `openclaw/policy` already (e.g. a repository that builds OpenClaw itself):
 *   nothing is written.
 * A path that no longer exists (the extension moved with an update) is rewritten.
 *
 * No vscode here: the extension calls it when a policy file is opened, saved or created.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { PUBLIC_MODULES } from '../../controller/policy-imports';

export type PolicyConfigAction = 'created' | 'updated' | 'unchanged' | 'covered' | 'manual';

export interface PolicyConfigResult {
  action: PolicyConfigAction;
  /** The config written, updated, or found. */
  config: string;
  /** For 'manual': why nothing was written, and what to add. */
  message?: string;
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const IMPORTS_API = new RegExp(`(?:\\bfrom|\\bimport\\s*\\(?|\\brequire\\s*\\()\\s*(['"])(?:${PUBLIC_MODULES.map(escape).join('|')})\\1`);

/** Whether a source file imports the policy API (how policy files are told from other TypeScript). */
export function isPolicySource(text: string): boolean {
  return IMPORTS_API.test(text);
}

function inside(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The folder whose config serves a policy: the nearest `policies` folder above it, else its own. */
export function policyFolder(file: string, workspaceRoot: string): string {
  for (let dir = dirname(file); inside(dir, workspaceRoot); dir = dirname(dir)) {
    if (basename(dir) === 'policies') return dir;
    if (dir === workspaceRoot || dirname(dir) === dir) break;
  }
  return dirname(file);
}

/** The config TypeScript would use for a file: the nearest tsconfig.json or jsconfig.json up to the workspace root. */
function nearestConfig(file: string, workspaceRoot: string): string | undefined {
  for (let dir = dirname(file); inside(dir, workspaceRoot); dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
    if (dir === workspaceRoot || dirname(dir) === dir) break;
  }
  return undefined;
}

/** Forward slashes: the config is JSON, and TypeScript takes them on every platform. */
const slashes = (p: string) => p.replace(/\\/g, '/');

/** The tsconfig.json written beside policies that have none. */
export function policyTsconfig(typesFile: string): string {
  const target = JSON.stringify([slashes(typesFile)]);
  const paths = PUBLIC_MODULES.map((m) => `      ${JSON.stringify(m)}: ${target}`).join(',\n');
  return `{
  // Written by OpenClaw for the scheduling policies in this folder: the editor checks them against
  // the policy API ("openclaw/policy"), whose types ship with the OpenClaw extension. OpenClaw
  // updates the paths below when the extension moves (an update); the rest is yours to change.
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2022"],
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "allowImportingTsExtensions": true,
    "allowJs": true,
    "strict": true,
    "noEmit": true,
    "skipLibCheck": true,
    // A policy runs in a sandbox with nothing of Node or the browser: no @types from node_modules.
    "types": [],
    "paths": {
${paths}
    }
  },
  "include": ["**/*"]
}
`;
}

interface ConfigJson {
  extends?: unknown;
  compilerOptions?: { baseUrl?: unknown; paths?: Record<string, unknown> };
}

function readConfig(path: string): { text: string; json: ConfigJson | undefined } {
  const text = readFileSync(path, 'utf8');
  const errors: ParseError[] = [];
  const json = parse(text, errors, { allowTrailingComma: true }) as unknown;
  return { text, json: errors.length === 0 && json && typeof json === 'object' && !Array.isArray(json) ? (json) : undefined };
}

/** Whether a `paths` entry leads to a file: relative entries resolve against baseUrl, else the config's folder. */
function resolves(entry: unknown, config: string, json: ConfigJson): boolean {
  if (!Array.isArray(entry)) return false;
  const base = typeof json.compilerOptions?.baseUrl === 'string' ? resolve(dirname(config), json.compilerOptions.baseUrl) : dirname(config);
  return entry.some((p) => typeof p === 'string' && !p.includes('*') && existsSync(resolve(base, p)) && statSync(resolve(base, p)).isFile());
}

/** Adds (or repairs) the paths of the policy API in an existing config, keeping the rest as written. */
export function mergePolicyPaths(config: string, typesFile: string): PolicyConfigResult {
  const { text, json } = readConfig(config);
  const add = `"paths": { ${PUBLIC_MODULES.map((m) => `"${m}": ["${slashes(typesFile)}"]`).join(', ')} }`;
  if (!json) return { action: 'manual', config, message: `${config} is not valid JSON; add to its compilerOptions: ${add}` };
  const paths = json.compilerOptions?.paths;
  const missing = PUBLIC_MODULES.filter((m) => !resolves(paths?.[m], config, json));
  if (missing.length === 0) return { action: 'unchanged', config };
  if (!paths && json.extends !== undefined) {
    // Own paths would replace every mapping the base config declares.
    return { action: 'manual', config, message: `${config} extends another config, whose "paths" a "paths" here would replace; add to the compilerOptions that declare them: ${add}` };
  }
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const formattingOptions = { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  let out = text;
  for (const m of missing) out = applyEdits(out, modify(out, ['compilerOptions', 'paths', m], [slashes(typesFile)], { formattingOptions }));
  writeFileSync(config, out);
  return { action: 'updated', config };
}

/**
 * Makes sure the editor resolves the policy API for a policy file of the workspace (see the top of
 * this file); `typesFile` is the extension's dist/types/policy.d.ts.
 */
export function ensurePolicyConfig(file: string, workspaceRoot: string, typesFile: string): PolicyConfigResult {
  const folder = policyFolder(file, workspaceRoot);
  const found = nearestConfig(file, workspaceRoot);
  if (found && inside(dirname(found), folder)) return mergePolicyPaths(found, typesFile);
  if (found) {
    const { json } = readConfig(found);
    if (json?.compilerOptions?.paths?.[PUBLIC_MODULES[0]!] !== undefined) return { action: 'covered', config: found };
  }
  const config = join(folder, 'tsconfig.json');
  writeFileSync(config, policyTsconfig(typesFile));
  return { action: 'created', config };
}
