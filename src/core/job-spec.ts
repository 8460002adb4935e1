import { z } from 'zod';
import { DeviceModel } from './device';
import { atMost, LIMITS, seconds, word } from './limits';
import { PRINTED_FORMS, type PrintedForm } from './metrics/printed';

/** A spec duration: "90s", "30m", "2h", "1.5d". */
const DURATION = /^\d+(\.\d+)?[smhd]$/;

export const Launcher = z.enum(['pytorch', 'torchrun', 'tensorflow', 'jax', 'plain']);
export type Launcher = z.infer<typeof Launcher>;

export const Resources = z
  .object({
    nodes: z.number().int('expected a positive integer').positive('expected a positive integer').max(LIMITS.jobNodes, atMost(LIMITS.jobNodes, 'nodes')).default(1),
    processesPerNode: z.number().int('expected a positive integer').positive('expected a positive integer').max(LIMITS.processesPerNode, atMost(LIMITS.processesPerNode, 'processes per node')).default(1),
    /** Accelerators per process; 0 runs on CPUs only. */
    gpusPerProcess: z.number().int().nonnegative('expected a non-negative integer').max(LIMITS.gpusPerProcess, atMost(LIMITS.gpusPerProcess, 'devices per process')).default(0),
    cpusPerProcess: z.number().int().positive().max(LIMITS.cpusPerProcess, atMost(LIMITS.cpusPerProcess, 'CPUs per process')).default(1),
    /** Host memory per node. */
    memoryGiB: z.number().positive().max(LIMITS.memoryGiB, atMost(LIMITS.memoryGiB, 'GiB')).optional(),
    /** Minimum memory of each device. */
    deviceMemoryGiB: z.number().positive().max(LIMITS.memoryGiB, atMost(LIMITS.memoryGiB, 'GiB')).optional(),
    deviceModel: DeviceModel.optional(),
  })
  .strict();
export type Resources = z.infer<typeof Resources>;

/** A `*.claw.yaml` job spec. Relative paths resolve against the spec file's folder. */
export const JobSpec = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'expected a name of letters, digits, "-", "_" or "." (at most 63)'),
    /** The command as an argv array: never a shell string. */
    command: z.array(word()).min(1, 'expected a command such as [python3, train.py]').max(LIMITS.commandWords, atMost(LIMITS.commandWords, 'words')),
    workdir: word().optional(),
    env: z
      .record(z.string(), word())
      .refine((env) => Object.keys(env).length <= LIMITS.envVars, atMost(LIMITS.envVars, 'variables'))
      .default({}),
    resources: Resources.default({ nodes: 1, processesPerNode: 1, gpusPerProcess: 0, cpusPerProcess: 1 }),
    launcher: Launcher.default('pytorch'),
    checkpoint: z
      .object({
        dir: word().default('checkpoints'),
        /** How often the script checkpoints, as a hint for the simulator and lost-work estimates. */
        everySeconds: seconds().optional(),
        keep: z.number().int().positive().max(LIMITS.maxRestarts, atMost(LIMITS.maxRestarts, 'checkpoints')).optional(),
      })
      .strict()
      .optional(),
    maxRestarts: z.number().int().nonnegative().max(LIMITS.maxRestarts, atMost(LIMITS.maxRestarts, 'restarts')).default(0),
    /** Files fetched from rank 0 into the workspace when the job ends. */
    outputs: z.array(word()).max(LIMITS.outputs, atMost(LIMITS.outputs, 'outputs')).default([]),
    priority: z.number().int().min(-LIMITS.priority, 'expected a priority from -1,000,000,000 to 1,000,000,000').max(LIMITS.priority, 'expected a priority from -1,000,000,000 to 1,000,000,000').default(0),
    user: z.string().max(256, atMost(256, 'characters')).optional(),
    /** Wall-clock limit, e.g. "2h", "30m", "90s". */
    timeLimit: z
      .string()
      .regex(DURATION, 'expected a duration such as "30m" or "2h"')
      // (zod runs this even when the form is wrong: it must not throw then)
      .refine((t) => !DURATION.test(t) || specDurationSeconds(t) <= LIMITS.durationSeconds, atMost(LIMITS.durationSeconds / 86_400, 'days (10 years)'))
      .optional(),
    /** Where the job's metrics are read from: every source is on unless turned off here. */
    metrics: z
      .object({
        /** Metric lines in rank 0's output: true (every form), false, or the forms to read. */
        printed: z.union([z.boolean(), z.array(z.enum(PRINTED_FORMS)).max(PRINTED_FORMS.length)]).default(true),
        /** TensorBoard event files under the job's folders. */
        tensorboard: z.boolean().default(true),
        /** Each device's utilisation and memory (nvidia-smi, amd-smi) on the nodes the ranks use. */
        devices: z.boolean().default(true),
      })
      .strict()
      .optional(),
    /** Hints for the simulator when the job runs there. */
    simulation: z
      .object({
        model: z.string().max(256, atMost(256, 'characters')).optional(),
        totalSteps: z.number().positive().max(LIMITS.totalSteps, atMost(LIMITS.totalSteps, 'steps')).optional(),
        durationSeconds: seconds().optional(),
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

/** The printed metric forms a job's output is read for. */
export function printedForms(spec: Pick<JobSpec, 'metrics'>): readonly PrintedForm[] {
  const printed = spec.metrics?.printed ?? true;
  return printed === true ? PRINTED_FORMS : printed === false ? [] : printed;
}
