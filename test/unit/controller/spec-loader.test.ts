import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { FileSpecError, loadClusterFile, loadJobSpec, validateClusterFileText, validateJobSpecText } from '../../../src/controller/spec-loader';

const GOOD = `name: ddp-demo
command: [/usr/bin/python3, train.py, --steps, "300"]
resources: {nodes: 2, processesPerNode: 1}
launcher: pytorch
checkpoint: {dir: ckpt}
maxRestarts: 2
outputs: [model.pt]
`;

describe('job spec loading', () => {
  it('accepts the form in the docs, with defaults filled in', () => {
    const { value, problems } = validateJobSpecText(GOOD);
    assert.deepEqual(problems, []);
    assert.equal(value?.resources.nodes, 2);
    assert.equal(value?.resources.gpusPerProcess, 0);
    assert.equal(value?.maxRestarts, 2);
  });

  it('names the field, the value and the line of each problem', () => {
    const text = `name: ddp-demo
command: [python3, train.py]
resources:
  nodes: -1
  processesPerNode: 1
  colour: red
launcher: pytorchx
`;
    const { value, problems } = validateJobSpecText(text);
    assert.equal(value, undefined);
    const nodes = problems.find((p) => p.path === 'resources.nodes');
    assert.equal(nodes?.message, 'expected a positive integer, got -1');
    assert.equal(nodes?.line, 4);
    assert.equal(nodes?.column, 10);
    const unknown = problems.find((p) => p.message.includes('colour'));
    assert.equal(unknown?.path, 'resources');
    assert.equal(unknown?.line, 6, 'an unknown field points at the key itself');
    const launcher = problems.find((p) => p.path === 'launcher');
    assert.equal(launcher?.line, 7);
    assert.match(launcher.message, /pytorch.*got "pytorchx"/);
  });

  it('points a missing field at its parent and reports YAML syntax errors with their line', () => {
    const missing = validateJobSpecText('name: x\nresources: {nodes: 1}\n');
    const cmd = missing.problems.find((p) => p.path === 'command');
    assert.ok(cmd, JSON.stringify(missing.problems));
    assert.equal(cmd.line, 1);
    const broken = validateJobSpecText('name: x\ncommand: [a, b\nresources: {}\n');
    assert.equal(broken.problems.length > 0, true);
    assert.match(broken.problems[0]!.message, /^invalid YAML/);
    assert.ok(broken.problems[0]!.line >= 2);
    assert.match(validateJobSpecText('').problems[0]!.message, /empty/);
  });

  it('resolves relative paths against the spec file folder and reports file errors with file:line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-spec-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'train.claw.yaml'), GOOD);
    const spec = loadJobSpec(join(dir, 'sub', 'train.claw.yaml'));
    assert.equal(spec.workdir, join(dir, 'sub'));
    assert.equal(spec.checkpoint?.dir, join(dir, 'sub', 'ckpt'));
    writeFileSync(join(dir, 'bad.claw.yaml'), 'name: x\ncommand: []\n');
    assert.throws(
      () => loadJobSpec(join(dir, 'bad.claw.yaml')),
      (err: unknown) => err instanceof FileSpecError && /bad\.claw\.yaml:2:\d+: command: expected a command/.test(err.message),
    );
    assert.throws(() => loadJobSpec(join(dir, 'nope.claw.yaml')), /no such file/);
  });

  it('loads cluster files with token paths resolved against their folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-cluster-'));
    writeFileSync(join(dir, 'local.cluster.yaml'), 'backend: agents\nagents:\n  - {name: n1, address: 127.0.0.1:7101, tokenFile: n1.token}\nheartbeat: {intervalSeconds: 1, deadAfterSeconds: 5}\n');
    writeFileSync(join(dir, 'n1.token'), `${'ab'.repeat(16)}\n`, { mode: 0o600 });
    const c = loadClusterFile(join(dir, 'local.cluster.yaml'));
    assert.equal(c.backend, 'agents');
    if (c.backend === 'agents') {
      assert.equal(c.agents[0]!.tokenFile, join(dir, 'n1.token'));
      assert.equal(c.heartbeat.deadAfterSeconds, 5);
      assert.equal(c.heartbeat.suspectAfterMisses, 3);
    }
    const bad = validateClusterFileText('backend: agents\nagents:\n  - {name: n1, address: "localhost"}\n');
    assert.equal(bad.problems[0]!.path, 'agents[0].address');
    assert.equal(bad.problems[0]!.line, 3);
    assert.equal(validateClusterFileText('preset: dgx-a100\nspeedup: 100\n').value?.backend, 'simulator');
  });

  it('checks the token files an agents cluster names, as ssh checks a key, without ever printing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-token-'));
    const secret = 'f00d'.repeat(16);
    const cluster = (tokenFile: string) => {
      writeFileSync(join(dir, 'c.cluster.yaml'), `backend: agents\nagents:\n  - {name: n1, address: 127.0.0.1:7101, tokenFile: ${tokenFile}}\n`);
      try {
        loadClusterFile(join(dir, 'c.cluster.yaml'));
        return '';
      } catch (err) {
        assert.ok(err instanceof FileSpecError, String(err));
        return err.message;
      }
    };
    writeFileSync(join(dir, 'two-lines.token'), `${secret}\n${secret}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'open.token'), `${secret}\n`, { mode: 0o644 });
    writeFileSync(join(dir, 'notes.txt'), `my notes ${secret}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'good.token'), `${secret}\n`, { mode: 0o600 });
    const twoLines = cluster('two-lines.token');
    assert.match(twoLines, /c\.cluster\.yaml:3:\d+: agents\[0\]\.tokenFile: .*two-lines\.token has 2 lines/);
    const open = cluster('open.token');
    assert.match(open, /agents\[0\]\.tokenFile: .*open\.token can be read by other users \(mode 0644\).*chmod 600/);
    const notes = cluster('notes.txt');
    assert.match(notes, /notes\.txt holds characters a token cannot have/);
    const missing = cluster('nope.token');
    assert.match(missing, /c\.cluster\.yaml:3:\d+: agents\[0\]\.tokenFile: no such file: .*nope\.token$/);
    for (const m of [twoLines, open, notes, missing]) {
      assert.ok(!m.includes(secret) && !m.includes('f00df00d'), `no token in: ${m}`);
      assert.equal(m.split('\n').length, 1);
    }
    assert.equal(cluster('good.token'), '');
  });

  it('refuses agent addresses with a port past 65535 and two agents of one name', () => {
    const bad = validateClusterFileText('backend: agents\nagents:\n  - {name: n1, address: "127.0.0.1:99999"}\n  - {name: n1, address: "127.0.0.1:7102"}\n');
    assert.deepEqual(bad.problems.map((p) => [p.line, p.path, p.message.replace(/, got .*/, '')]), [
      [3, 'agents[0].address', 'expected a port from 1 to 65535'],
      [4, 'agents[1].name', '"n1" is also the name of agents[0]; each agent needs its own name'],
    ]);
  });

  it('resolves a relative Slurm sharedDir beside the cluster file locally, and leaves it relative to the remote home over SSH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-cluster-'));
    writeFileSync(join(dir, 'local.cluster.yaml'), 'backend: slurm\npartition: debug\nsharedDir: work/openclaw\n');
    writeFileSync(join(dir, 'ssh.cluster.yaml'), 'backend: slurm\npartition: debug\nssh: login.cluster\nsharedDir: work/openclaw\n');
    const local = loadClusterFile(join(dir, 'local.cluster.yaml'));
    assert.equal(local.backend === 'slurm' && local.sharedDir, join(dir, 'work/openclaw'));
    const remote = loadClusterFile(join(dir, 'ssh.cluster.yaml'));
    assert.equal(remote.backend === 'slurm' && remote.sharedDir, 'work/openclaw');
  });

  it('gives 1,000 random malformed specs clear located errors and never throws', function () {
    this.timeout(60000);
    // Start from the valid spec and break it: wrong types, bad values, unknown keys, junk YAML.
    const base: Record<string, unknown> = { name: 'ddp-demo', command: ['/usr/bin/python3', 'train.py'], resources: { nodes: 2, processesPerNode: 1 }, launcher: 'pytorch', checkpoint: { dir: 'ckpt' }, maxRestarts: 2, outputs: ['model.pt'] };
    const junk = fc.oneof(fc.integer({ min: -5, max: 0 }), fc.double({ noNaN: false }), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
    const field = fc.constantFrom('name', 'command', 'resources', 'launcher', 'checkpoint', 'maxRestarts', 'outputs', 'env', 'timeLimit', 'priority', 'extra');
    const nested = fc.constantFrom('nodes', 'processesPerNode', 'gpusPerProcess', 'cpusPerProcess', 'memoryGiB', 'deviceModel', 'bogus');
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('top' as const), field, value: junk }),
      fc.record({ kind: fc.constant('resources' as const), field: nested, value: junk }),
      fc.record({ kind: fc.constant('text' as const), cut: fc.nat(), insert: fc.constantFrom('[', ']', '{', ':', '\t', '- ', '"', '&a', '*a', '!!binary x', '\n  ', '%') }),
    );
    let invalid = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const spec = structuredClone(base) as Record<string, unknown>;
        let text: string | undefined;
        for (const m of mutations) {
          if (m.kind === 'top') spec[m.field] = m.value;
          else if (m.kind === 'resources') spec.resources = { ...(typeof spec.resources === 'object' && spec.resources ? spec.resources : {}), [m.field]: m.value };
        }
        text = stringify(spec);
        for (const m of mutations) if (m.kind === 'text') text = text.slice(0, m.cut % (text.length + 1)) + m.insert + text.slice(m.cut % (text.length + 1));
        const lines = text.split('\n').length;
        const result = validateJobSpecText(text);
        if (result.value) return;
        invalid++;
        assert.ok(result.problems.length > 0);
        for (const p of result.problems) {
          assert.equal(typeof p.message, 'string');
          assert.ok(p.message.length > 0 && !p.message.includes('\n    at '), `no stack trace: ${p.message}`);
          assert.ok(p.line >= 1 && p.line <= lines + 1, `line ${p.line} within the ${lines} lines`);
          assert.match(p.message, /expected|unknown field|invalid YAML|empty/i, 'says what was expected');
        }
      }),
      { numRuns: 1000, seed: 42 },
    );
    assert.ok(invalid > 500, `most mutations break the spec (${invalid})`);
  });
});
