// Writes dist/types/: the type declarations of the policy API (`openclaw/policy`, src/scheduler/index.ts),
// shipped in the .vsix so that a user's policy file type-checks in the editor (the extension points the
// policy folder's tsconfig.json at dist/types/policy.d.ts).
//
// TypeScript's own declaration emit writes them; the few core types the API uses are declared in
// src/core as zod schemas (`type NodeState = z.infer<typeof NodeState>`), and a user's workspace has no
// zod, so those aliases are written out as the plain types the checker computes for them and the
// schema values (which the API does not export) are left out. The result imports nothing outside
// dist/types/; the build fails if it would.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ENTRY = 'src/scheduler/index.ts';

/** Leading comments of a statement (its JSDoc), as written. */
function leading(sf, node) {
  return sf.text.slice(node.getFullStart(), node.getStart(sf));
}

/** The source file's type aliases by name, as the checker sees them. */
function aliases(program, file) {
  const sf = program.getSourceFile(file);
  const out = new Map();
  if (!sf) return out;
  for (const st of sf.statements) if (ts.isTypeAliasDeclaration(st)) out.set(st.name.text, st);
  return out;
}

/** A d.ts that declares zod schemas, with the schemas left out and their inferred types written out. */
function withoutZod(program, sourceFile, text, fileName) {
  const checker = program.getTypeChecker();
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const source = aliases(program, sourceFile);
  const printer = ts.createPrinter({ removeComments: true });
  const docs = new Map();
  const parts = [];
  const usesZod = (node) => /\bz\./.test(node.getText(sf));
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && st.moduleSpecifier.text === 'zod') continue;
    if (ts.isVariableStatement(st) && usesZod(st)) {
      // The schema's comment documents the type of the same name.
      for (const d of st.declarationList.declarations) docs.set(d.name.getText(sf), leading(sf, st));
      continue;
    }
    if (ts.isTypeAliasDeclaration(st) && usesZod(st)) {
      const decl = source.get(st.name.text);
      if (!decl) throw new Error(`policy types: ${fileName}: no source for type ${st.name.text}`);
      const flags = ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.InTypeAlias | ts.NodeBuilderFlags.MultilineObjectLiterals;
      const node = checker.typeToTypeNode(checker.getTypeAtLocation(decl.name), decl, flags);
      const type = printer.printNode(ts.EmitHint.Unspecified, node, sf);
      const doc = leading(sf, st).trim() ? leading(sf, st) : docs.get(st.name.text) ?? '\n';
      parts.push(`${doc}export type ${st.name.text} = ${type};`);
      continue;
    }
    if (usesZod(st)) throw new Error(`policy types: ${fileName}: cannot write without zod: ${st.getText(sf).slice(0, 120)}`);
    parts.push(sf.text.slice(st.getFullStart(), st.getEnd()));
  }
  return `${parts.join('').trimStart()}\n`;
}

/** Generates the declarations into `outDir` (dist/types); returns the entry file's path. */
export function writePolicyTypes(root, outDir = join(root, 'dist/types')) {
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: join(root, 'src'),
    outDir,
    types: [],
  };
  const program = ts.createProgram([join(root, ENTRY)], options);
  const files = new Map();
  const { emitSkipped, diagnostics } = program.emit(undefined, (name, text) => files.set(name, text));
  if (emitSkipped) throw new Error(`policy types: ${ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' })}`);

  // Only the declarations the API's entry reaches by its imports are written: modules the API's code
  // uses but its types never mention (the LP policies' solver, say) stay out of the package.
  const written = new Set();
  const queue = [join(outDir, ENTRY.replace(/^src\//, '').replace(/\.ts$/, '.d.ts'))];
  while (queue.length > 0) {
    const name = queue.pop();
    if (written.has(name) || !files.has(name)) continue;
    written.add(name);
    const raw = files.get(name);
    const source = join(root, 'src', relative(outDir, name)).replace(/\.d\.ts$/, '.ts');
    const text = /from 'zod'/.test(raw) ? withoutZod(program, source, raw, name) : raw;
    for (const m of text.matchAll(/^(?:import|export)\b[^\n]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) throw new Error(`policy types: ${relative(root, name)} imports "${spec}", which a user's workspace does not have`);
      const target = join(dirname(name), spec);
      queue.push(files.has(`${target}.d.ts`) ? `${target}.d.ts` : join(target, 'index.d.ts'));
    }
    mkdirSync(dirname(name), { recursive: true });
    writeFileSync(name, text);
  }
  const entry = join(outDir, 'policy.d.ts');
  writeFileSync(
    entry,
    [
      '/**',
      ' * The policy API of OpenClaw, as a policy file imports it: `import { definePolicy } from "openclaw/policy"`.',
      ` * Generated from ${ENTRY} when OpenClaw is built; see docs/policies.md.`,
      ' */',
      "export * from './scheduler/index';",
      '',
      '// What a policy file runs with besides the language itself: its console (nothing of Node or the browser).',
      'declare global {',
      '  interface Console {',
      '    log(...data: unknown[]): void;',
      '    info(...data: unknown[]): void;',
      '    warn(...data: unknown[]): void;',
      '    error(...data: unknown[]): void;',
      '    debug(...data: unknown[]): void;',
      '  }',
      '  var console: Console;',
      '}',
      '',
    ].join('\n'),
  );
  // Overwritten in place (a build while tests run must not pull files from under them); files of
  // modules the API no longer uses go.
  for (const f of readdirSync(outDir, { recursive: true }).map(String)) {
    const path = join(outDir, f);
    if (f.endsWith('.d.ts') && path !== entry && !written.has(path)) rmSync(path);
  }
  return entry;
}
