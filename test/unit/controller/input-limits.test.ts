/**
 * Small inputs that ask for huge things are refused by the schemas, naming the limit, before
 * anything is allocated for them; docs/limits.md lists every limit.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '../../../src/core/limits';
import { FileSpecError, loadJobSpec, validateClusterFileText, validateJobSpecText } from '../../../src/controller/spec-loader';
import { loadCluster } from '../../../simulator/cluster/load-cluster';
import { loadWorkload } from '../../../simulator/workload/workload-file';

/** Runs `fn`, asserting it took under `ms` and grew the heap by less than `mib`. */
function bounded<T>(fn: () => T, ms = 2000, mib = 64): T {
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const start = Date.now();
  const out = fn();
  assert.ok(Date.now() - start < ms, `took ${Date.now() - start} ms`);
  assert.ok(process.memoryUsage().heapUsed - heap < mib * 2 ** 20, `heap grew ${((process.memoryUsage().heapUsed - heap) / 2 ** 20).toFixed(0)} MiB`);
  return out;
}

function messages(text: string, validate: (t: string) => { problems: { path: string; message: string }[] }): string[] {
  return validate(text).problems.map((p) => `${p.path}: ${p.message}`);
}

describe('input limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-limits-'));

  it('refuses a cluster of 10^12 devices or 10^8 nodes, naming the limit, and allocates nothing for it', () => {
    const huge = (count: number, devices: number) => `nodes:\n  - {name: a, count: ${count}, devices: {model: a100, count: ${devices}, memoryGiB: 80}}\n`;
    assert.deepEqual(bounded(() => messages(huge(1, 1e12), validateClusterFileText)), ["nodes[0].devices.count: expected at most 65,536 devices on a node (OpenClaw's limit), got 1000000000000"]);
    assert.deepEqual(bounded(() => messages(huge(100_000_000, 8), validateClusterFileText)), ["nodes[0].count: expected at most 100,000 nodes (OpenClaw's limit), got 100000000"]);
    assert.deepEqual(messages(`nodes:\n${'  - {name: a, count: 60000, devices: {model: a100, count: 8, memoryGiB: 80}}\n'.repeat(2)}`, validateClusterFileText), [
      "nodes: 120,000 nodes in all: expected at most 100,000 nodes in a cluster (OpenClaw's limit), got a list",
    ]);
    // The simulator's own loader: the same schema, the same message, with the file's line and column.
    const file = join(dir, 'huge.cluster.yaml');
    writeFileSync(file, huge(1, 1e12));
    assert.throws(() => bounded(() => loadCluster(file)), (e: unknown) => e instanceof FileSpecError && /huge\.cluster\.yaml:2:\d+: nodes\[0\]\.devices\.count: expected at most 65,536/.test(e.message));
  });

  it('refuses a command of 5,000,000 words from the size of its file, unread, and one of 5,000 words by the schema', () => {
    const file = join(dir, 'long.claw.yaml');
    writeFileSync(file, `name: long\ncommand: [${Array(5_000_000).fill('a').join(',')}]\n`);
    assert.throws(
      () => bounded(() => loadJobSpec(file)),
      (e: unknown) => e instanceof FileSpecError && /long\.claw\.yaml:1:1: \(root\): the file has 10,000,0\d\d bytes; a job spec is at most 64 KiB \(OpenClaw's limit\)$/.test(e.message),
    );
    assert.deepEqual(messages(`name: long\ncommand: [${Array(5000).fill('a').join(',')}]\n`, validateJobSpecText), ["command: expected at most 4,096 words (OpenClaw's limit), got a list"]);
  });

  it('bounds every duration and rate, so that nothing runs forever', () => {
    const spec = (extra: string) => messages(`name: j\ncommand: [python3, train.py]\n${extra}\n`, validateJobSpecText);
    assert.match(spec('simulation: {durationSeconds: 1e300}')[0]!, /^simulation\.durationSeconds: expected at most 315,360,000 seconds \(10 years\)/);
    assert.match(spec('timeLimit: 99999999d')[0]!, /^timeLimit: expected at most 3,650 days/);
    assert.match(spec('resources: {gpusPerProcess: 1000000}')[0]!, /^resources\.gpusPerProcess: expected at most 1,024 devices per process/);
    assert.match(spec('simulation: {durationSeconds: .inf}')[0]!, /^simulation\.durationSeconds: /);
    assert.match(messages('preset: dgx-a100\nspeedup: 1e-300\n', validateClusterFileText)[0]!, /^speedup: expected at least 0\.01 simulated seconds a second/);
    assert.match(messages('backend: agents\nagents: [{name: a, address: "h:1"}]\nheartbeat: {intervalSeconds: 1e-300}\n', validateClusterFileText)[0]!, /^heartbeat\.intervalSeconds: expected at least 0\.01 seconds/);
    const workload = join(dir, 'w.yaml');
    writeFileSync(workload, 'generator: gavel\njobsPerHour: 5\njobs: 10\nfailures: {mtbfHours: 1e-300}\n');
    assert.throws(() => loadWorkload(workload), /w\.yaml:4:\d+: failures\.mtbfHours: expected at least 0\.01 hours/);
    writeFileSync(workload, 'generator: gavel\njobsPerHour: 5\njobs: 1e12\n');
    assert.throws(() => bounded(() => loadWorkload(workload)), /w\.yaml:3:\d+: jobs: expected at most 2,000,000 jobs/);
  });

  it('are all listed in docs/limits.md', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/limits.md'), 'utf8');
    for (const key of Object.keys(LIMITS)) assert.ok(doc.includes(`\`${key}\``), `docs/limits.md names ${key}`);
  });
});
