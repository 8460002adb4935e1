// Node agent figures on loopback, with the agent in a process of its own (as on a node):
//   1. one log stream's throughput (target >= 100 MB/s)
//   2. the agent's memory while a client reads a big log slowly (should stay flat: back-pressure)
//   3. LaunchRanks of 2 ranks of a trivial command, call to every rank started: median (target <= 100 ms)
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AgentClient } from '../src/controller/agent-client';
import { readStat } from '../agent/proc';
import { ranksEnded, spawnAgent, tempDir } from '../test/integration/agent/helpers';

const LOG_MB = Number(process.env.OPENCLAW_BENCH_LOG_MB ?? 512);

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, d = 1) => n.toFixed(d);

async function main(): Promise<void> {
  const dir = tempDir('bench-agent');
  const agent = await spawnAgent(join(dir, 'agent'));
  const pid = agent.child.pid!;
  const client = await AgentClient.connect({ address: `127.0.0.1:${agent.port}`, token: agent.token });
  try {
    // A rank that writes LOG_MB of output and ends.
    await client.launch({ jobId: 'big-log', attempt: 1, launcher: 'plain', command: ['head', '-c', String(LOG_MB * 2 ** 20), '/dev/zero'], cwd: join(dir, 'big'), ranks: [{ rank: 0 }] });
    await ranksEnded(client, 'big-log', 1);
    // Let the agent finish reading the log for metric lines, so that only streaming is measured.
    for (let last = -1, now = readStat(pid)!.cpuTicks; now !== last; last = now, now = readStat(pid)!.cpuTicks) {
      await new Promise((r) => setTimeout(r, 1000));
    }

    // 1. Throughput: best of 3 full reads.
    // Also CPU seconds per GiB on both sides: unlike MiB/s, that does not depend on what else runs.
    const rates: number[] = [];
    const agentCpu0 = readStat(pid)!.cpuTicks;
    const clientCpu0 = process.cpuUsage();
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      let bytes = 0;
      for await (const c of client.logs({ jobId: 'big-log', attempt: 1, rank: 0, maxChunkBytes: 1 << 20 })) bytes += c.data.length;
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      if (bytes !== LOG_MB * 2 ** 20) throw new Error(`read ${bytes} bytes, expected ${LOG_MB} MiB`);
      rates.push(bytes / 2 ** 20 / s);
    }
    const gib = (3 * LOG_MB) / 1024;
    const agentCpu = (readStat(pid)!.cpuTicks - agentCpu0) / 100 / gib;
    const c = process.cpuUsage(clientCpu0);
    const clientCpu = (c.user + c.system) / 1e6 / gib;
    console.log(`log stream throughput (${LOG_MB} MiB log, 1 MiB chunks, loopback): median ${fmt(median(rates))} MiB/s, best ${fmt(Math.max(...rates))} MiB/s (target >= 100)`);
    console.log(`  CPU per GiB streamed: agent ${fmt(agentCpu, 2)} s, client ${fmt(clientCpu, 2)} s (one core each would allow ${fmt(1024 / Math.max(agentCpu, clientCpu), 0)} MiB/s)`);

    // 2. A slow reader: 64 KiB every 20 ms (3 MiB/s) for 4 s, while the log holds hundreds of MiB.
    const before = rssMiB(pid);
    let peak = before;
    let read = 0;
    const ac = new AbortController();
    const t0 = Date.now();
    for await (const c of client.logs({ jobId: 'big-log', attempt: 1, rank: 0, maxChunkBytes: 64 << 10 }, ac.signal)) {
      read += c.data.length;
      peak = Math.max(peak, rssMiB(pid));
      if (Date.now() - t0 > 4000) {
        ac.abort();
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    const after = rssMiB(pid);
    console.log(
      `slow reader (${fmt(read / 2 ** 20)} MiB read in 4 s of a ${LOG_MB} MiB log): agent RSS before ${fmt(before)} MiB, peak ${fmt(peak)} MiB, after ${fmt(after)} MiB (growth ${fmt(peak - before)} MiB)`,
    );

    // 3. Launch latency for 2 ranks of a trivial command.
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = process.hrtime.bigint();
      const r = await client.launch({
        jobId: `launch-${i}`, attempt: 1, launcher: 'pytorch', command: ['true'], cwd: join(dir, 'launch'),
        rendezvous: { masterAddr: '127.0.0.1', masterPort: 29500, worldSize: 2, nodes: 1, processesPerNode: 2, hosts: ['127.0.0.1'] },
        ranks: [{ rank: 0, localRank: 0 }, { rank: 1, localRank: 1 }],
      });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (!r.ranks.every((x) => x.pid > 0)) throw new Error('a rank did not start');
    }
    console.log(`launch 2 ranks (LaunchRanks call to both processes started, loopback, 30 runs): median ${fmt(median(times), 2)} ms, p90 ${fmt([...times].sort((a, b) => a - b)[27]!, 2)} ms (target <= 100)`);
  } finally {
    client.close();
    agent.killHard();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
