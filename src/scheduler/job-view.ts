/**
 * Building JobView objects cheaply: a driver keeps one JobEntry per job and updates its fields in
 * place (state, devices, service, progress) instead of allocating new views each round.
 */
import type { JobSpec, Resources } from '../core/job-spec';
import type { JobRequest, JobView } from './api';

/** A JobView whose fields the driver may change; policies see it through the read-only JobView. */
export class JobEntry implements JobView {
  user = 'default';
  priority = 0;
  state: 'waiting' | 'running' = 'waiting';
  devices: readonly number[] = [];
  attainedService = 0;
  progress = 0;
  remainingSeconds: number | undefined = undefined;
  restarts = 0;
  preemptions = 0;
  throughput: Readonly<Record<string, number>> | undefined = undefined;
  waitingSince: number;

  constructor(
    readonly id: string,
    public arrival: number,
    public request: JobRequest,
  ) {
    this.waitingSince = arrival;
  }
}

export type JobInit = Pick<JobView, 'id' | 'arrival' | 'request'> & Partial<Omit<JobView, 'id' | 'arrival' | 'request'>>;

export function jobEntry(init: JobInit): JobEntry {
  const j = new JobEntry(init.id, init.arrival, init.request);
  if (init.user !== undefined) j.user = init.user;
  if (init.priority !== undefined) j.priority = init.priority;
  if (init.state !== undefined) j.state = init.state;
  if (init.devices !== undefined) j.devices = init.devices;
  if (init.attainedService !== undefined) j.attainedService = init.attainedService;
  if (init.progress !== undefined) j.progress = init.progress;
  if (init.remainingSeconds !== undefined) j.remainingSeconds = init.remainingSeconds;
  if (init.restarts !== undefined) j.restarts = init.restarts;
  if (init.preemptions !== undefined) j.preemptions = init.preemptions;
  if (init.throughput !== undefined) j.throughput = init.throughput;
  if (init.waitingSince !== undefined) j.waitingSince = init.waitingSince;
  return j;
}

/**
 * What a spec's resources ask of the scheduler. A spec launches ranks per node, so its node split
 * is fixed (a one-node spec stays in one node). A CPU-only job (gpusPerProcess 0) asks for no devices.
 */
export function requestOf(resources: Resources): JobRequest {
  const gpusPerNode = resources.processesPerNode * resources.gpusPerProcess;
  const gpus = resources.nodes * gpusPerNode;
  const req: { -readonly [K in keyof JobRequest]: JobRequest[K] } = { gpus };
  if (gpus > 0) {
    req.nodes = resources.nodes;
    req.gpusPerNode = gpusPerNode;
  }
  if (resources.deviceModel !== undefined) req.deviceModel = resources.deviceModel;
  if (resources.deviceMemoryGiB !== undefined) req.deviceMemoryGiB = resources.deviceMemoryGiB;
  return req;
}

export function requestOfSpec(spec: Pick<JobSpec, 'resources'>): JobRequest {
  return requestOf(spec.resources);
}
