// What this machine offers: CPUs, memory, GPUs (NVIDIA, then AMD), or its CPUs as devices.
import { execFile } from 'node:child_process';
import { cpus, hostname, networkInterfaces, platform, totalmem } from 'node:os';
import type { Device__Output as Device } from '../../proto/generated/openclaw/agent/v1/Device';
import type { NodeInfo } from '../../proto/generated/openclaw/agent/v1/NodeInfo';
import { AMD_SMI_ARGS, parseAmdSmiStatic, parseRocmSmiJson, ROCM_SMI_ARGS } from './amd';
import { NVIDIA_QUERY, parseNvidiaSmiCsv, parseNvidiaTopo } from './nvidia';

/** Runs a tool and returns its stdout, or undefined when it is missing or fails. */
export type ToolRunner = (file: string, args: readonly string[]) => Promise<string | undefined>;

export const runTool: ToolRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { timeout: 10_000, maxBuffer: 8 * 2 ** 20 }, (err, stdout) => resolve(err ? undefined : stdout));
  });

/** GPUs by vendor tool; `vendor` says which tool answered. */
export async function discoverGpus(run: ToolRunner = runTool): Promise<{ devices: Device[]; islands: number[][] }> {
  const smi = await run('nvidia-smi', NVIDIA_QUERY);
  if (smi !== undefined) {
    const devices = parseNvidiaSmiCsv(smi);
    if (devices.length > 0) {
      const topo = await run('nvidia-smi', ['topo', '-m']);
      return { devices, islands: topo ? parseNvidiaTopo(topo) : [] };
    }
  }
  const amd = await run('amd-smi', AMD_SMI_ARGS);
  if (amd !== undefined) {
    try {
      const devices = parseAmdSmiStatic(amd);
      if (devices.length > 0) return { devices, islands: [] };
    } catch {
      /* fall through to rocm-smi */
    }
  }
  const rocm = await run('rocm-smi', ROCM_SMI_ARGS);
  if (rocm !== undefined) {
    try {
      const devices = parseRocmSmiJson(rocm);
      if (devices.length > 0) return { devices, islands: [] };
    } catch {
      /* no usable AMD output */
    }
  }
  return { devices: [], islands: [] };
}

/** One device of model `cpu` per CPU, for machines without GPUs. */
export function cpuDevices(host: string, count: number, memoryGib: number): Device[] {
  return Array.from({ length: count }, (_, i) => ({
    index: i,
    uuid: `cpu-${host}-${i}`,
    name: 'CPU',
    model: 'cpu',
    memoryGib: Math.round((memoryGib / Math.max(1, count)) * 100) / 100,
    vendor: 'cpu',
    utilizationPercent: 0,
    memoryUsedMib: 0,
  }));
}

/** Addresses other nodes can use: non-internal IPv4 first, then IPv6, then the host name. */
export function reachableAddresses(): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      (a.family === 'IPv4' ? v4 : v6).push(a.address);
    }
  }
  return [...v4, ...v6, hostname()];
}

export async function discoverNode(name: string, run: ToolRunner = runTool): Promise<NodeInfo> {
  const host = hostname();
  const cpuList = cpus();
  const memoryGib = Math.round((totalmem() / 2 ** 30) * 100) / 100;
  const gpus = await discoverGpus(run);
  return {
    name,
    hostname: host,
    cpus: cpuList.length,
    memoryGib,
    devices: gpus.devices.length > 0 ? gpus.devices : cpuDevices(host, cpuList.length, memoryGib),
    islands: gpus.islands.map((devices) => ({ devices })),
    addresses: reachableAddresses(),
    platform: `${platform()}-${process.arch}`,
    cpuModel: cpuList[0]?.model.trim() ?? '',
  };
}
