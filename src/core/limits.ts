/**
 * The limits of what OpenClaw accepts as input, checked by the schemas before anything is
 * allocated: a cluster of 10^12 devices, a command of millions of words or a run of 10^300 seconds
 * is refused with a message naming the limit instead of eating the machine's memory or never
 * ending. docs/limits.md lists them (a unit test keeps the two the same).
 */
import { z } from 'zod';
import { grouped } from './grouped-number';

export const LIMITS = {
  /** Size of a job spec file (`*.claw.yaml`): parsing YAML can take hundreds of times its size in memory. */
  jobSpecFileBytes: 64 * 1024,
  /** Size of a cluster file (`*.cluster.yaml`). */
  clusterFileBytes: 512 * 1024,
  /** Size of a workload YAML file or YAML job list (longer lists are JSONL, read a line at a time). */
  workloadYamlBytes: 1024 * 1024,
  /** Items of those files, counted as the commas and line ends between them. */
  jobSpecFileItems: 20_000,
  clusterFileItems: 50_000,
  workloadYamlItems: 50_000,
  /** Words of a job's command. */
  commandWords: 4096,
  /** Characters of one command word, environment value or path (Linux's MAX_ARG_STRLEN is 128 KiB). */
  wordChars: 128 * 1024,
  /** Environment variables of a job; outputs of a job. */
  envVars: 1024,
  outputs: 1024,
  /** Nodes a job asks for; processes per node; devices per process. */
  jobNodes: 100_000,
  processesPerNode: 1024,
  gpusPerProcess: 1024,
  cpusPerProcess: 100_000,
  /** Host memory or device memory asked for or described, GiB. */
  memoryGiB: 1024 * 1024,
  /** Node groups of a cluster shape, nodes in all, devices on one node, devices in all. */
  nodeGroups: 10_000,
  clusterNodes: 100_000,
  // A pool of interchangeable devices (as some simulators model a cluster) is one large node.
  devicesPerNode: 65_536,
  clusterDevices: 1_000_000,
  /** Agents of one cluster file. */
  agents: 4096,
  /** A control plane's users file, and its users. */
  usersFileBytes: 4 * 1024 * 1024,
  usersFileItems: 200_000,
  users: 10_000,
  /** Any duration (a job's simulated length, a time limit, a checkpoint interval, a run): 10 years. */
  durationSeconds: 10 * 365 * 86_400,
  /** Training steps of a job. */
  totalSteps: 1e12,
  /** Restarts after failures. */
  maxRestarts: 10_000,
  /** Priority, either way. */
  priority: 1e9,
  /** Simulated seconds per wall second of a live simulator. */
  speedupMin: 0.01,
  speedupMax: 1e6,
  /** Mean time between failures of a node, hours: more often than this, nothing would run. */
  mtbfHoursMin: 0.01,
  /** Heartbeats and polls, seconds. */
  intervalSecondsMin: 0.01,
  /** Jobs a workload generates, or takes from a trace. */
  workloadJobs: 2_000_000,
  /** Numeric fields kept of one `@openclaw` metric line, and the length of their names. */
  metricValues: 64,
  metricNameChars: 128,
  /** Generated arrival rate, jobs an hour. */
  jobsPerHour: 1e7,
} as const;

const n = grouped;

/** "expected at most N WHAT (the limit of OpenClaw)". */
export function atMost(limit: number, what: string): string {
  return `expected at most ${n(limit)} ${what} (OpenClaw's limit)`;
}

export function atLeast(limit: number, what: string): string {
  return `expected at least ${n(limit)} ${what} (OpenClaw's limit)`;
}

/** A positive number of seconds up to the duration limit. */
// (Schema builders are consts: the policy API's declarations leave zod values out.)
export const seconds = (message = 'expected a positive number of seconds'): z.ZodNumber =>
  z.number().positive(message).max(LIMITS.durationSeconds, atMost(LIMITS.durationSeconds, 'seconds (10 years)'));

/** A non-negative number of seconds up to the duration limit. */
export const secondsOrZero = (message = 'expected a non-negative number of seconds'): z.ZodNumber =>
  z.number().nonnegative(message).max(LIMITS.durationSeconds, atMost(LIMITS.durationSeconds, 'seconds (10 years)'));

/** A string of at most the word limit. */
export const word = (): z.ZodString => z.string().max(LIMITS.wordChars, atMost(LIMITS.wordChars, 'characters'));
