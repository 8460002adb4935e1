/** `sinfo -h -o <SINFO_PARTITION_FORMAT>`: the partitions, their limits and their nodes. */
import { expandHostlist } from './hostlist';
import { parseSlurmTime } from './time';

export const SINFO_PARTITION_FORMAT = '%P|%a|%l|%D|%N';

export interface SlurmPartition {
  name: string;
  isDefault: boolean;
  up: boolean;
  /** undefined when unlimited. */
  maxTimeSeconds?: number;
  nodes: string[];
}

/** sinfo prints a partition once per node state; lines of one partition are merged. */
export function parseSinfoPartitions(text: string): SlurmPartition[] {
  const byName = new Map<string, SlurmPartition>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const f = line.split('|');
    if (f.length < 5) throw new Error(`sinfo: unexpected line "${line}"`);
    const [rawName, avail, limit, , nodelist] = f as [string, string, string, string, string];
    const isDefault = rawName.endsWith('*');
    const name = rawName.replace(/\*$/, '');
    let p = byName.get(name);
    if (!p) {
      let maxTimeSeconds: number | undefined;
      try {
        maxTimeSeconds = parseSlurmTime(limit);
      } catch {
        maxTimeSeconds = undefined;
      }
      p = { name, isDefault, up: avail.trim() === 'up', nodes: [] };
      if (maxTimeSeconds !== undefined) p.maxTimeSeconds = maxTimeSeconds;
      byName.set(name, p);
    }
    for (const n of expandHostlist(nodelist)) if (!p.nodes.includes(n)) p.nodes.push(n);
  }
  return [...byName.values()];
}
