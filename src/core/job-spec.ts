import { z } from 'zod';
import { DeviceModel } from './device';

export const Launcher = z.enum(['pytorch', 'torchrun', 'tensorflow', 'jax', 'plain']);
export type Launcher = z.infer<typeof Launcher>;

export const Resources = z
  .object({
    nodes: z.number().int('expected a positive integer').positive('expected a positive integer').default(1),
    processesPerNode: z.number().int('expected a positive integer').positive('expected a positive integer').default(1),
    /** Accelerators per process; 0 runs on CPUs only. */
    gpusPerProcess: z.number().int().nonnegative('expected a non-negative integer').default(0),
    cpusPerProcess: z.number().int().positive().default(1),
    /** Host memory per node. */
    memoryGiB: z.number().positive().optional(),
    /** Minimum memory of each device. */
    deviceMemoryGiB: z.number().positive().optional(),
    deviceModel: DeviceModel.optional(),
  })
  .strict();
export type Resources = z.infer<typeof Resources>;

/** A `*.claw.yaml` job spec. Relative paths resolve against the spec file's folder. */
export const JobSpec = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'expected a name of letters, digits, "-", "_" or "." (at most 63)'),
    /** The command as an argv array: never a shell string. */
    command: z.array(z.string()).min(1, 'expected a command such as [python3, train.py]'),
    workdir: z.string().optional(),
    env: z.record(z.string(), z.string()).default({}),
    resources: Resources.default({ nodes: 1, processesPerNode: 1, gpusPerProcess: 0, cpusPerProcess: 1 }),
    launcher: Launcher.default('pytorch'),
    checkpoint: z
      .object({
        dir: z.string().default('checkpoints'),
        /** How often the script checkpoints, as a hint for the simulator and lost-work estimates. */
        everySeconds: z.number().positive().optional(),
        keep: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    maxRestarts: z.number().int().nonnegative().default(0),
    /** Files fetched from rank 0 into the workspace when the job ends. */
    outputs: z.array(z.string()).default([]),
    priority: z.number().int().default(0),
    user: z.string().optional(),
    /** Wall-clock limit, e.g. "2h", "30m", "90s". */
    timeLimit: z.string().regex(/^\d+(\.\d+)?[smhd]$/, 'expected a duration such as "30m" or "2h"').optional(),
    /** Hints for the simulator when the job runs there. */
    simulation: z
      .object({
        model: z.string().optional(),
        totalSteps: z.number().positive().optional(),
        durationSeconds: z.number().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type JobSpec = z.infer<typeof JobSpec>;
export type JobSpecInput = z.input<typeof JobSpec>;

/** Devices a job asks for in total (0 for a CPU-only job). */
export function totalGpus(spec: Pick<JobSpec, 'resources'>): number {
  return spec.resources.nodes * spec.resources.processesPerNode * spec.resources.gpusPerProcess;
}

/** Processes (ranks) a job starts. */
export function worldSize(spec: Pick<JobSpec, 'resources'>): number {
  return spec.resources.nodes * spec.resources.processesPerNode;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** A spec duration ("90s", "30m", "2h", "1.5d") in whole seconds; the schema already checked the form. */
export function specDurationSeconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m) throw new Error(`expected a duration such as "30m" or "2h", got ${JSON.stringify(text)}`);
  return Math.ceil(Number(m[1]) * UNIT_SECONDS[m[2]!]!);
}
