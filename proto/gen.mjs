// Regenerates proto/generated/ from agent.proto and control.proto with the options proto/load.ts loads it with.
//   node proto/gen.mjs            write proto/generated/
//   node proto/gen.mjs OUT_DIR    write elsewhere (the test compares the two)
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
const out = process.argv[2] ?? join(here, 'generated');
const opts = JSON.parse(readFileSync(join(here, 'options.json'), 'utf8'));
// The .proto comes first: the tool's boolean flags would otherwise swallow it as their value.
const protos = ['agent.proto', 'control.proto'];
const args = [
  ...protos,
  '--grpcLib=@grpc/grpc-js',
  `--outDir=${out}`,
  `--longs=${opts.longs}`,
  `--enums=${opts.enums}`,
  '--includeComments',
  ...(opts.keepCase ? ['--keepCase'] : []),
  ...(opts.defaults ? ['--defaults'] : []),
  ...(opts.oneofs ? ['--oneofs'] : []),
  `--includeDirs=${here}`,
];
rmSync(out, { recursive: true, force: true });
const bin = join(root, 'node_modules/@grpc/proto-loader/build/bin/proto-loader-gen-types.js');
const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', cwd: here });
if (r.status !== 0) process.exit(r.status ?? 1);
// The tool writes the .proto's absolute path into each file; make it checkout-independent.
for (const f of readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'))) {
  const p = join(out, f);
  let text = readFileSync(p, 'utf8');
  for (const proto of protos) text = text.split(join(here, proto)).join(`proto/${proto}`);
  writeFileSync(p, text);
}
