// Writes dist/THIRD-PARTY-NOTICES.txt: every npm package whose code esbuild put into a bundle, with
// its licence text, so that the .vsix carries the notices those licences ask for.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package folder of a bundled input path such as node_modules/@grpc/grpc-js/build/src/x.js. */
function packageDir(root, input) {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const n = parts[at + 1]?.startsWith('@') ? 2 : 1;
  return join(root, ...parts.slice(0, at + 1 + n));
}

function licenceText(dir) {
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

/** metafiles: esbuild build results' metafile objects; copied: package folders shipped as files. */
export function writeNotices(root, metafiles, out, copied = []) {
  const dirs = new Set(copied.map((p) => join(root, p)));
  for (const meta of metafiles) for (const input of Object.keys(meta.inputs)) {
    const dir = packageDir(root, input);
    if (dir && existsSync(join(dir, 'package.json'))) dirs.add(dir);
  }
  const sections = [...dirs]
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name))
    .map(({ dir, pkg }) => {
      const text = licenceText(dir) ?? `Licensed under ${pkg.license ?? 'its stated licence'} (no licence file in the package).`;
      return `${pkg.name}@${pkg.version} (${pkg.license ?? 'see below'})\n${'-'.repeat(60)}\n${text}\n`;
    });
  writeFileSync(out, `OpenClaw bundles the following third-party packages.\n\n${sections.join('\n')}`);
  return sections.length;
}

