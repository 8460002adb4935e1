/**
 * "When would my job start?": the live queue replayed in the simulator, with the same policy. Running
 * jobs run for what their progress says is left; waiting jobs for what their spec says (simulation
 * hint, else time limit, else an hour); the new job comes last. The answer says which estimates it
 * rests on: it is a forecast, not a promise.
 */
import { nodesOfShape, type ClusterShape } from '../core/cluster-spec';
import type { NodeInfo } from '../core/device';
import type { JobRecord } from '../core/job';
import { specDurationSeconds, type JobSpec } from '../core/job-spec';
import { holdsDevices } from '../core/lifecycle';
import type { Policy } from '../scheduler/api';
import { simulate } from '../../simulator';
import { jobFromEntry } from '../../simulator/workload/openclaw-jobs';
import type { WorkloadJob } from '../../simulator/workload/workload-job';

export const ASSUMED_SECONDS = 3600;
const CANDIDATE = '\u0000candidate';

export interface Forecast {
  /** Seconds from now; undefined when it would not start (it never fits, or the queue never drains). */
  startInSeconds: number | undefined;
  basis: string;
}

type Estimate = { seconds: number; source: 'progress' | 'spec' | 'assumed' };

/** A job's whole length as its spec says (simulation hint, else time limit), or the assumed hour. */
function planned(spec: JobSpec): Estimate {
  const s = spec.simulation?.durationSeconds ?? (spec.timeLimit ? specDurationSeconds(spec.timeLimit) : undefined);
  return s === undefined ? { seconds: ASSUMED_SECONDS, source: 'assumed' } : { seconds: s, source: 'spec' };
}

/** Seconds of running a live job has left: from its progress while it runs, else from its spec. */
function remaining(job: JobRecord, now: number): Estimate {
  if (!holdsDevices(job.state)) return planned(job.spec);
  const since = [...job.history].reverse().find((t) => t.state === 'running')?.at ?? now;
  const elapsed = Math.max(0, (now - since) / 1000);
  const progress = job.step !== undefined && job.totalSteps ? job.step / job.totalSteps : 0;
  if (progress > 0.01 && elapsed > 0) return { seconds: (elapsed * (1 - Math.min(1, progress))) / progress, source: 'progress' };
  const whole = planned(job.spec);
  return whole.source === 'spec' ? { seconds: Math.max(1, whole.seconds - elapsed), source: 'spec' } : whole;
}

function workloadJob(id: string, spec: JobSpec, arrival: number, seconds: number): WorkloadJob {
  // The estimate stands for the job's length as it is: no model hint to rescale it by.
  return jobFromEntry({ id, arrival, spec: { ...spec, simulation: undefined }, durationSeconds: Math.max(1, seconds) }, 0);
}

/** The ready nodes as a cluster shape (one group a node). */
function shapeOf(nodes: readonly NodeInfo[]): ClusterShape | undefined {
  const ready = nodes.filter((n) => n.state === 'ready' && n.devices.length > 0);
  if (ready.length === 0) return undefined;
  return {
    nodes: ready.map((n) => ({
      name: n.name,
      count: 1,
      devices: { model: n.devices[0]!.model, count: n.devices.length, memoryGiB: Math.max(1, n.devices[0]!.memoryGiB) },
      cpus: Math.max(1, n.cpus),
      memoryGiB: Math.max(1, n.memoryGiB),
    })),
    network: { bandwidthGbps: 100, latencyUs: 5 },
  } as ClusterShape;
}

export function forecastStart(input: { jobs: readonly JobRecord[]; nodes: readonly NodeInfo[]; policy: Policy; policyName: string; now: number; spec: JobSpec }): Forecast {
  const shape = shapeOf(input.nodes);
  if (!shape || nodesOfShape(shape).length === 0) return { startInSeconds: undefined, basis: 'no node is ready' };
  const counts = { progress: 0, spec: 0, assumed: 0 };
  const jobs: WorkloadJob[] = [];
  // Running jobs first (they hold their devices now), then the queue in its order, then the new job.
  const running = input.jobs.filter((j) => holdsDevices(j.state));
  const queued = input.jobs.filter((j) => j.state === 'queued' || j.state === 'restarting').sort((a, b) => (a.history[0]?.at ?? 0) - (b.history[0]?.at ?? 0));
  let order = 0;
  for (const j of [...running, ...queued]) {
    const r = remaining(j, input.now);
    counts[r.source]++;
    jobs.push(workloadJob(j.id, j.spec, (order++) * 1e-3, r.seconds));
  }
  const own = planned(input.spec);
  jobs.push(workloadJob(CANDIDATE, input.spec, order * 1e-3, own.seconds));
  // The lengths are measured or declared on the devices they run on: every model runs them at the same speed.
  const models = [...new Set(shape.nodes.map((g) => g.devices.model))];
  const relativeSpeed = Object.fromEntries(models.map((m) => [m, 1]));
  const report = simulate({ cluster: shape, workload: { name: 'live queue', jobs, source: 'forecast', relativeSpeed, referenceDevice: models[0] }, policy: input.policy, noTiming: true });
  const start = report.jobRecords.find((r) => r.id === CANDIDATE)?.start ?? null;
  const basis =
    `the ${input.policyName} policy over ${running.length} running and ${queued.length} waiting job${queued.length === 1 ? '' : 's'}; ` +
    `lengths from progress for ${counts.progress}, from specs for ${counts.spec}, assumed ${ASSUMED_SECONDS / 3600} h for ${counts.assumed}`;
  return { startInSeconds: start === null ? undefined : start, basis };
}
