// One build for everything: the extension, the CLI, the agent and one browser bundle per webview.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { dirname, join } from 'node:path';
import { asciiBundle } from './ascii-bundle.mjs';
import { writePolicyTypes } from './policy-types.mjs';
import { writeNotices } from './third-party-notices.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const root = new URL('..', import.meta.url).pathname;

// HiGHS (the LP policies' solver) ships once, as dist/highs.js beside its WebAssembly, rather than
// inside every bundle: the bundles require it from beside themselves.
const highsOutside = {
  name: 'highs-outside',
  setup(build) {
    build.onResolve({ filter: /^highs$/ }, () => ({ path: './highs.js', external: true }));
  },
};

// zod's messages in its other languages (0.4 MB of every bundle): OpenClaw speaks English, zod's default.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: dirname(args.path) }));
  },
};

// `openclaw sim` reads and compiles its bundle at every start: the compilers of users' policy files
// (sucrase, acorn: a third of it) stay in a bundle of their own, loaded only with a policy file.
const policyCompilersOutside = {
  name: 'policy-compilers-outside',
  setup(build) {
    build.onResolve({ filter: /^(sucrase\/dist\/esm\/index\.js|acorn)$/ }, () => ({ path: './cli-policy-compilers.js', external: true }));
  },
};

// commander requires child_process (and with it net, streams and more: about 5 ms of every start)
// only to run executable subcommands, which `openclaw sim` has none of: loaded when first used.
const childProcessOnDemand = {
  name: 'child-process-on-demand',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'on-demand' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'on-demand' }, () => ({
      contents: "let loaded; module.exports = new Proxy({}, { get: (_, key) => (loaded ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

const node = {
  plugins: [highsOutside, zodEnglishOnly],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  // Everything else is bundled: the package holds no node_modules (user policies are compiled by
  // sucrase, pure JavaScript, bundled with the loader).
  external: ['vscode'],
  logLevel: 'warning',
};

const entries = [
  { ...node, entryPoints: [join(root, 'src/extension/extension.ts')], outfile: join(root, 'dist/extension.js') },
  // `openclaw` (dist/cli.js) is a few lines that hand the command line on: `openclaw sim` to a bundle of
  // the simulator alone (dist/cli-sim.js), every other command to the whole CLI (dist/cli-main.js).
  { ...node, entryPoints: [join(root, 'src/cli/launch.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } },
  // The two bundles the launcher reads at every start are kept ASCII (scripts/ascii-bundle.mjs).
  { ...node, write: false, plugins: [...node.plugins, asciiBundle], entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(root, 'dist/cli-main.js') },
  {
    ...node,
    write: false,
    plugins: [...node.plugins, policyCompilersOutside, childProcessOnDemand, asciiBundle],
    entryPoints: [join(root, 'src/cli/sim-main.ts')],
    outfile: join(root, 'dist/cli-sim.js'),
  },
  { ...node, entryPoints: [join(root, 'src/cli/policy-compilers.ts')], outfile: join(root, 'dist/cli-policy-compilers.js') },
  { ...node, entryPoints: [join(root, 'agent/main.ts')], outfile: join(root, 'dist/agent.js'), banner: { js: '#!/usr/bin/env node' } },
];

// Extra Node entry points (e.g. the simulator run under the policy debugger) live in src/entries/.
const extraDir = join(root, 'src/entries');
if (existsSync(extraDir)) {
  for (const f of readdirSync(extraDir).filter((f) => f.endsWith('.ts'))) {
    // sim-debug.js runs under the user's debugger ("Debug Policy in Simulator"), its frames in their
    // call stack: never minified, and its source map ships beside it (.vscodeignore).
    const debuggee = f === 'sim-debug.ts' ? { minify: false } : {};
    entries.push({ ...node, ...debuggee, entryPoints: [join(extraDir, f)], outfile: join(root, 'dist', f.replace(/\.ts$/, '.js')) });
  }
}

// One browser bundle per webview panel: webview/<panel>/main.ts -> dist/webview/<panel>.js
const webviewDir = join(root, 'webview');
if (existsSync(webviewDir)) {
  for (const panel of readdirSync(webviewDir, { withFileTypes: true })) {
    const main = join(webviewDir, panel.name, 'main.ts');
    if (panel.isDirectory() && existsSync(main)) {
      entries.push({
        entryPoints: [main],
        outfile: join(root, 'dist/webview', `${panel.name}.js`),
        bundle: true,
        platform: 'browser',
        target: 'es2022',
        format: 'iife',
        sourcemap: true,
        minify: production,
        loader: { '.css': 'text', '.ttf': 'file' },
        logLevel: 'warning',
      });
    }
  }
}

function copyAssets() {
  mkdirSync(join(root, 'dist/proto'), { recursive: true });
  cpSync(join(root, 'proto'), join(root, 'dist/proto'), { recursive: true });
  // HiGHS's loader, and its WebAssembly compressed (3.5 MB, 0.85 MB with Brotli: the package has a
  // size limit); the solver decompresses it when it loads (src/scheduler/policies/lp/solver.ts).
  cpSync(join(root, 'node_modules/highs/build/highs.js'), join(root, 'dist/highs.js'));
  const wasm = readFileSync(join(root, 'node_modules/highs/build/highs.wasm'));
  writeFileSync(join(root, 'dist/highs.wasm.br'), brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: wasm.length } }));
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  if (existsSync(codicons)) {
    mkdirSync(join(root, 'dist/webview'), { recursive: true });
    cpSync(join(codicons, 'codicon.css'), join(root, 'dist/webview/codicon.css'));
    cpSync(join(codicons, 'codicon.ttf'), join(root, 'dist/webview/codicon.ttf'));
  }
}

/**
 * sim-debug.js.map ships so that the policy debugger shows OpenClaw's own frames as TypeScript; the
 * bundled libraries' sources (zod, yaml...) are left out of it: 1.6 MB that no policy author steps
 * into, against the package's size limit. Their frames map to lines still, without a text to show.
 */
function trimDebuggeeMap() {
  const path = join(root, 'dist/sim-debug.js.map');
  if (!existsSync(path)) return;
  const map = JSON.parse(readFileSync(path, 'utf8'));
  map.sourcesContent = map.sources.map((s, i) => (s.includes('node_modules/') ? null : map.sourcesContent[i]));
  writeFileSync(path, JSON.stringify(map));
}

// dist/ is overwritten in place, not wiped: a build while tests run must not pull bundles from under them.
copyAssets();
// The policy API's declarations for users' policy files (dist/types/policy.d.ts).
const writeTypes = () => writePolicyTypes(root, join(root, 'dist/types'));
if (watch) {
  const contexts = await Promise.all(entries.map((e) => esbuild.context(e)));
  await Promise.all(contexts.map((c) => c.watch()));
  writeTypes(); // once: a change to the policy API needs a build for its types
  console.log(`watching ${entries.length} bundles`);
} else {
  const started = Date.now();
  const building = Promise.all(entries.map((e) => esbuild.build({ ...e, metafile: true })));
  writeTypes(); // TypeScript works here while esbuild bundles in its own process
  const results = await building;
  trimDebuggeeMap();
  const packages = writeNotices(root, results.map((r) => r.metafile), join(root, 'dist/THIRD-PARTY-NOTICES.txt'), [
    'node_modules/@vscode/codicons', // codicon.css and codicon.ttf are copied into dist/webview
    'node_modules/highs', // highs.js and highs.wasm are copied into dist/
  ]);
  console.log(`built ${entries.length} bundles and the policy API's types in ${Date.now() - started} ms (${packages} third-party packages in dist/THIRD-PARTY-NOTICES.txt)`);
}
