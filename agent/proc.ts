// Process facts from /proc (Linux): whether a pid is still the process we started, and the
// CPU time and memory of a whole process group.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  /** utime + stime, clock ticks. */
  cpuTicks: number;
  /** Start time after boot, clock ticks: with the pid, identifies a process across pid reuse. */
  startTicks: string;
  rssBytes: number;
}

const PAGE = 4096;
/** USER_HZ: 100 on every Linux architecture Node supports. */
export const CLOCK_TICKS = 100;

export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: f[0]!,
    ppid: Number(f[1]),
    pgrp: Number(f[2]),
    cpuTicks: Number(f[11]) + Number(f[12]),
    startTicks: f[19]!,
    rssBytes: Number(f[21]) * PAGE,
  };
}

/** True while `pid` runs and is the process that started at `startTicks` (zombies count as gone). */
export function sameProcessAlive(pid: number, startTicks: string): boolean {
  const s = readStat(pid);
  return s !== undefined && s.startTicks === startTicks && s.state !== 'Z' && s.state !== 'X';
}

/** Every live process of a process group. */
export function groupMembers(pgid: number): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s && s.pgrp === pgid && s.state !== 'Z') out.push(s);
  }
  return out;
}

/** CPU percent of a group between calls (per group id) and its resident memory now. */
export class GroupUsage {
  private last = new Map<number, { ticks: number; at: number }>();

  /** `withoutLeader`: leaves the group's leader out (a rank's wrapper, not the rank's own work). */
  sample(pgid: number, withoutLeader = false): { cpuPercent: number; rssBytes: number } {
    const members = groupMembers(pgid).filter((m) => !withoutLeader || m.pid !== pgid);
    const ticks = members.reduce((a, m) => a + m.cpuTicks, 0);
    const rssBytes = members.reduce((a, m) => a + m.rssBytes, 0);
    const now = Date.now();
    const prev = this.last.get(pgid);
    this.last.set(pgid, { ticks, at: now });
    const cpuPercent = prev && now > prev.at ? Math.max(0, ((ticks - prev.ticks) / CLOCK_TICKS / ((now - prev.at) / 1000)) * 100) : 0;
    return { cpuPercent: Math.round(cpuPercent * 10) / 10, rssBytes };
  }

  forget(pgid: number): void {
    this.last.delete(pgid);
  }
}
