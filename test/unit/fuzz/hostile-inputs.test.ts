/**
 * Hostile and huge inputs, generated: job specs, cluster files, workload files and the agent's RPC
 * messages. Whatever comes in, bad input is answered with one line per problem naming the file,
 * line, column and field (exit code 2 in the CLI), never a stack trace; nothing takes more than a
 * time bound or grows memory past a bound; no secret (a token) appears in any message.
 *
 * Seeded (OPENCLAW_FUZZ_SEED, default 17); OPENCLAW_FUZZ_RUNS sets the cases per target (default
 * 200, a few seconds each in CI; thousands for a longer hunt).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { startAgent, type RunningAgent } from '../../../agent/server';
import { SpecError } from '../../../src/core/errors';
import { AgentClient, AgentStatus } from '../../../src/controller/agent-client';
import { FileSpecError, loadClusterFile, loadJobSpec } from '../../../src/controller/spec-loader';
import { loadWorkload } from '../../../simulator/workload/workload-file';

const RUNS = Number(process.env.OPENCLAW_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.OPENCLAW_FUZZ_SEED ?? 17);
/**
 * Longest any one input may take to be accepted or refused: no hang. (A file just under a size
 * limit, all commas, takes seconds to parse on a loaded CI machine.)
 */
const CASE_MS = 15_000;
/** Most the heap may grow over a whole target's run. */
const HEAP_MIB = 256;
const SECRET = 'a1b2c3d4'.repeat(8);
const ROOT = join(__dirname, '../../..');

/** Values an adversary would try in a field. */
const hostile = fc.oneof(
  fc.constantFrom(0, -1, 1e12, 1e300, -1e300, 1e-300, 0.5, 2 ** 53, NaN, Infinity, -Infinity, '', ' ', '\0', '../../etc/passwd', '127.0.0.1:99999', '1e300s', SECRET),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.constantFrom('a', 1, null), { maxLength: 5 }),
  fc.constant({ deeply: { nested: { object: [1, 2, 3] } } }),
);

/** A valid base with some fields replaced by hostile values (nested paths too), then maybe cut and spliced as text. */
function mutated(base: Record<string, unknown>, fields: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.record({ path: fc.array(fc.constantFrom(...fields), { minLength: 1, maxLength: 3 }), value: hostile });
  const splice = fc.record({ at: fc.nat(), text: fc.constantFrom('[', ']', '{', ': ', '\t', '- ', '"', '&a ', '*a', '!!binary x', '\n  ', '%', '<<: *a', '#') });
  return fc.record({ edits: fc.array(edit, { minLength: 1, maxLength: 4 }), splices: fc.array(splice, { maxLength: 2 }) }).map(({ edits, splices }) => {
    const doc = structuredClone(base);
    for (const e of edits) {
      let cur: Record<string, unknown> = doc;
      for (const key of e.path.slice(0, -1)) {
        if (!cur[key] || typeof cur[key] !== 'object' || Array.isArray(cur[key])) cur[key] = {};
        cur = cur[key] as Record<string, unknown>;
      }
      cur[e.path.at(-1)!] = e.value;
    }
    let text = stringify(doc);
    for (const s of splices) text = text.slice(0, s.at % (text.length + 1)) + s.text + text.slice(s.at % (text.length + 1));
    return text;
  });
}

/** A huge input that is small to write: a long list or a long string. */
const huge = fc.record({ field: fc.constantFrom('command', 'env', 'outputs', 'nodes', 'agents', 'name'), n: fc.constantFrom(5000, 100_000, 3_000_000) }).map(({ field, n }) => {
  if (field === 'name' || field === 'env') return `name: ${'x'.repeat(n)}\ncommand: [a]\n`;
  return `${field}: [${Array(n).fill('a').join(',')}]\n`;
});

/** Checks what a loader did with one input: a value, or problems given the way the CLI prints them. */
function judged(what: string, load: () => unknown): void {
  const start = Date.now();
  try {
    load();
  } catch (err) {
    assert.ok(err instanceof SpecError, `${what}: not a SpecError but ${String((err as Error)?.stack ?? err)}`);
    const lines = err.message.split('\n');
    if (err instanceof FileSpecError) {
      assert.equal(lines.length, err.located.length, 'one line a problem');
      for (const l of lines) assert.match(l, /^\S.*:\d+:\d+: \S+: \S/, `file:line:col: field: message: ${l}`);
    } else {
      assert.equal(lines.length, 1, err.message);
    }
    assert.doesNotMatch(err.message, /\n\s+at |ZodError|"code":/, 'no stack trace, no raw schema output');
    assert.ok(!err.message.includes(SECRET), `no secret in: ${err.message.slice(0, 300)}`);
  }
  assert.ok(Date.now() - start < CASE_MS, `${what}: took ${Date.now() - start} ms`);
}

/** Runs a property over RUNS cases and checks the heap afterwards. */
function fuzz<T>(arb: fc.Arbitrary<T>, check: (v: T) => void | Promise<void>, runs = RUNS): Promise<void> {
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const property = fc.asyncProperty(arb, async (v) => void (await check(v)));
  return fc.assert(property, { numRuns: runs, seed: SEED, endOnFailure: true }).then(() => {
    global.gc?.();
    const grown = (process.memoryUsage().heapUsed - heap) / 2 ** 20;
    assert.ok(grown < HEAP_MIB, `the heap grew ${grown.toFixed(0)} MiB`);
  });
}

describe(`hostile inputs (${RUNS} cases a target, seed ${SEED})`, function () {
  this.timeout(Math.max(120_000, RUNS * 3000));
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-fuzz-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const SPEC = { name: 'ddp', command: ['python3', 'train.py'], resources: { nodes: 2, processesPerNode: 1, gpusPerProcess: 1 }, env: { A: '1' }, checkpoint: { dir: 'ckpt', everySeconds: 60 }, simulation: { durationSeconds: 600 }, timeLimit: '2h', outputs: ['model.pt'] };
  const SPEC_FIELDS = ['name', 'command', 'workdir', 'env', 'resources', 'nodes', 'processesPerNode', 'gpusPerProcess', 'cpusPerProcess', 'memoryGiB', 'deviceModel', 'checkpoint', 'everySeconds', 'simulation', 'durationSeconds', 'totalSteps', 'timeLimit', 'maxRestarts', 'outputs', 'priority', 'launcher', 'bogus'];

  it('job specs', () =>
    fuzz(fc.oneof({ weight: 9, arbitrary: mutated(SPEC, SPEC_FIELDS) }, { weight: 1, arbitrary: huge }), (text) => {
      const file = join(dir, 'fuzz.claw.yaml');
      writeFileSync(file, text);
      judged(text.slice(0, 200), () => loadJobSpec(file));
    }));

  it('cluster files, with token files that hold a secret', () => {
    // Token files a hostile cluster file may point at, each holding the secret in a way that is wrong.
    const tokens = { open: `${SECRET}\n`, twoLines: `${SECRET}\n${SECRET}\n`, spaces: `Bearer ${SECRET}\n`, binary: `${SECRET}\u0000\u0007\n`, good: `${SECRET}\n` };
    for (const [name, text] of Object.entries(tokens)) writeFileSync(join(dir, `${name}.token`), text, { mode: name === 'open' ? 0o644 : 0o600 });
    chmodSync(join(dir, 'open.token'), 0o644);
    const AGENTS = { backend: 'agents', agents: [{ name: 'n1', address: '127.0.0.1:7101', tokenFile: 'good.token' }], heartbeat: { intervalSeconds: 1, deadAfterSeconds: 5 } };
    const SIM = { nodes: [{ name: 'a', count: 2, devices: { model: 'a100', count: 8, memoryGiB: 80 } }], speedup: 60, policy: 'fifo' };
    const FIELDS = ['backend', 'agents', 'name', 'address', 'tokenFile', 'tls', 'heartbeat', 'intervalSeconds', 'deadAfterSeconds', 'nodes', 'count', 'devices', 'memoryGiB', 'speedup', 'policy', 'preset', 'network', 'partition'];
    const tokenFile = fc.constantFrom(...Object.keys(tokens).map((t) => `${t}.token`), 'missing.token', '/etc/hostname', dir);
    const cluster = fc.oneof(
      mutated(AGENTS, FIELDS),
      mutated(SIM, FIELDS),
      tokenFile.map((t) => stringify({ ...AGENTS, agents: [{ ...AGENTS.agents[0], tokenFile: t }] })),
      huge,
    );
    return fuzz(cluster, (text) => {
      const file = join(dir, 'fuzz.cluster.yaml');
      writeFileSync(file, text);
      judged(text.slice(0, 200), () => loadClusterFile(file));
    });
  });

  it('workload files', () => {
    const GEN = { generator: 'gavel', jobsPerHour: 5, jobs: 20, seed: 1, failures: { mtbfHours: 50, repairSeconds: 600 }, checkpoint: { everySeconds: 600 } };
    const TRACE = { trace: { format: 'tiresias', limit: 10 }, roundSeconds: 360 };
    const FIELDS = ['generator', 'jobsPerHour', 'seed', 'users', 'failures', 'mtbfHours', 'repairSeconds', 'scripted', 'checkpoint', 'everySeconds', 'trace', 'format', 'path', 'roundSeconds', 'relativeSpeed'];
    // `jobs` and `limit` stay small when valid: a valid workload of millions of jobs is real work, not hostile input.
    const small = (t: string) => !/^\s*(jobs|limit): (\d{4,}|[\d.]+e\d+)/m.test(t) || /(jobs|limit): .*e(2\d|[3-9]\d|\d{3})/.test(t);
    return fuzz(fc.oneof(mutated(GEN, FIELDS), mutated(TRACE, FIELDS), huge).filter(small), (text) => {
      const file = join(dir, 'fuzz-workload.yaml');
      writeFileSync(file, text);
      judged(text.slice(0, 200), () => loadWorkload(file, { maxJobs: 50 }));
    });
  });

  describe("the agent's RPC messages", () => {
    let agent: RunningAgent;
    let client: AgentClient;
    let wrong: AgentClient;
    before(async () => {
      const token = join(dir, 'agent.token');
      writeFileSync(token, `${SECRET}\n`, { mode: 0o600 });
      agent = await startAgent({ listen: '127.0.0.1:0', workdir: join(dir, 'agent'), tokenFile: token });
      client = await AgentClient.connect({ address: agent.address, token: SECRET, callTimeoutMs: 5000 });
      mkdirSync(join(dir, 'job'), { recursive: true });
    });
    after(async () => {
      client?.close();
      wrong?.close();
      await agent?.close();
    });

    const jobId = fc.oneof(fc.constantFrom('job-1', '../x', 'a/b', '..', 'a\0b', '', 'x'.repeat(200), SECRET, 'fuzz-1'), fc.string({ maxLength: 12 }));
    const num = fc.oneof(fc.constantFrom(0, 1, 2 ** 31, 2 ** 32 - 1), fc.nat());
    const bigNum = fc.oneof(num, fc.constantFrom(2 ** 53, Number.MAX_SAFE_INTEGER));
    const str = fc.oneof(fc.string({ maxLength: 16 }), fc.constantFrom('', '/etc/passwd', '../../../etc/passwd', 'model.pt\0', SECRET));
    const call = fc.oneof(
      fc.record({ rpc: fc.constant('launch' as const), jobId, attempt: num, launcher: fc.constantFrom('plain', 'pytorch', 'torchrun', 'mpi', ''), command: fc.array(str, { maxLength: 3 }), cwd: fc.constantFrom(join(dir, 'job'), 'relative', '', '/proc/1'), ranks: fc.array(fc.record({ rank: num, localRank: num }), { maxLength: 3 }) }),
      fc.record({ rpc: fc.constant('logs' as const), jobId, attempt: num, rank: num, offset: bigNum, tailBytes: bigNum }),
      fc.record({ rpc: fc.constant('fetch' as const), jobId, path: str, offset: bigNum, maxBytes: bigNum, root: fc.constantFrom('FILE_ROOT_WORKDIR' as const, 'FILE_ROOT_CHECKPOINT_DIR' as const) }),
      fc.record({ rpc: fc.constant('signal' as const), jobId, attempt: num, signal: fc.constantFrom('SIGTERM', 'SIGKILL', 'SIGSEGV', '', '9', SECRET) }),
      fc.record({ rpc: fc.constant('metrics' as const), jobId, attempt: num, sinceSeq: bigNum, limit: bigNum }),
      fc.record({ rpc: fc.constant('other' as const), jobId, which: fc.constantFrom('forget', 'ranks', 'checkpoints') }),
    );
    const ALLOWED = new Set([AgentStatus.INVALID_ARGUMENT, AgentStatus.NOT_FOUND, AgentStatus.PERMISSION_DENIED, AgentStatus.FAILED_PRECONDITION, AgentStatus.RESOURCE_EXHAUSTED, AgentStatus.OUT_OF_RANGE]);

    async function drain(it: AsyncIterable<unknown>): Promise<void> {
      let n = 0;
      for await (const _ of it) if (++n > 64) break;
    }

    it('are answered, or refused with a clear status, never crash the agent or echo the token', () =>
      fuzz(call, async (c) => {
        const start = Date.now();
        const signal = AbortSignal.timeout(2000);
        try {
          if (c.rpc === 'launch') await client.launch({ ...c, ranks: c.ranks, rendezvous: { masterAddr: '127.0.0.1', worldSize: 1, nodes: 1, processesPerNode: 1, hosts: ['127.0.0.1'] } });
          else if (c.rpc === 'logs') await drain(client.logs({ jobId: c.jobId, attempt: c.attempt, rank: c.rank, offset: c.offset, tailBytes: c.tailBytes }, signal));
          else if (c.rpc === 'fetch') await drain(client.fetchFile({ jobId: c.jobId, path: c.path, offset: c.offset, maxBytes: c.maxBytes, root: c.root }, signal));
          else if (c.rpc === 'signal') await client.signal({ jobId: c.jobId, attempt: c.attempt, signal: c.signal, wait: false, graceMs: 0 });
          else if (c.rpc === 'metrics') await client.metrics({ jobId: c.jobId, attempt: c.attempt, sinceSeq: c.sinceSeq, limit: c.limit });
          else if (c.which === 'forget') await client.forgetJob(c.jobId);
          else if (c.which === 'ranks') await client.ranks(c.jobId);
          else await client.checkpoints(c.jobId);
        } catch (err) {
          const e = err as { code?: number; details?: string; message?: string; name?: string };
          if (e.name === 'AbortError' || signal.aborted) return;
          assert.ok(e.code !== undefined && ALLOWED.has(e.code), `${c.rpc}: status ${e.code}: ${e.details ?? e.message}`);
          assert.ok(!(e.details ?? '').includes('\n'), `one line: ${e.details}`);
          assert.ok(!(e.details ?? '').includes(SECRET.slice(0, 16)) || JSON.stringify(c).includes(SECRET), `no token in: ${e.details}`);
        }
        assert.ok(Date.now() - start < 2500, `${c.rpc} took ${Date.now() - start} ms`);
      }).then(async () => {
        // Still there, and still refusing a wrong token without saying what it was.
        assert.equal((await client.ranks('job-1')).ranks.length >= 0, true);
        wrong = await AgentClient.connect({ address: agent.address, token: `${SECRET}x` }).catch((err: { code?: number; details?: string }) => {
          assert.equal(err.code, AgentStatus.UNAUTHENTICATED);
          assert.ok(!(err.details ?? '').includes(SECRET), err.details);
          return undefined as unknown as AgentClient;
        });
      }));
  });

  it('through the CLI: exit code 2 and one line a problem, for a sample of the inputs above', () =>
    fuzz(
      mutated(SPEC, SPEC_FIELDS),
      (text) => {
        writeFileSync(join(dir, 'cli.claw.yaml'), text);
        writeFileSync(join(dir, 'cli.cluster.yaml'), 'preset: dgx-a100\nspeedup: 1000000\n');
        const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, 'src/cli/main.ts'), 'run', '-q', 'cli.claw.yaml', '--cluster', 'cli.cluster.yaml', '--state-dir', 'cli-state'], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 30_000,
        });
        assert.notEqual(r.status, null, `no hang: ${text}`);
        assert.doesNotMatch(r.stderr, /\n\s+at |ZodError/, r.stderr);
        if (r.status === 2 && !/can never start/.test(r.stderr)) {
          for (const line of r.stderr.trimEnd().split('\n')) assert.match(line, /^(\S.*:\d+:\d+: \S+: \S|openclaw: )/, line);
        }
        assert.ok([0, 1, 2].includes(r.status!), `exit ${r.status}: ${r.stderr}`);
      },
      Math.max(3, Math.round(RUNS / 40)),
    ));
});
