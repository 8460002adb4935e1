/**
 * Jobs the cluster can never run, counted for the report and grouped by what they lack:
 * "3 ask for more than 64 devices (largest: 128)". Whether a job can ever fit is the scheduler's
 * call (`neverFits`, the same test the wait reasons use); this file only tallies its answers.
 */
import type { SimNeverFit } from '../src/core/sim-report';
import type { ClusterView, JobRequest } from '../src/scheduler/api';
import { neverFits, type NeverFit } from '../src/scheduler/explain';
import { grouped } from '../src/core/grouped-number';

interface Group {
  kind: NeverFit['kind'];
  jobs: number;
  /** The largest ask among the group's jobs. */
  largest: number;
  first: NeverFit;
  model: string | undefined;
}

const n = grouped;

export class NeverFitTally {
  // Traces repeat a handful of request shapes: neverFits (a pass over the devices) runs once a shape.
  private readonly byShape = new Map<string, NeverFit | null>();
  private readonly groups = new Map<string, Group>();
  private total = 0;

  constructor(private readonly cluster: ClusterView) {}

  /** Counts the job if it can never fit; returns whether it can never fit. */
  add(request: JobRequest): boolean {
    const shape = `${request.gpus}|${request.nodes}|${request.gpusPerNode}|${request.deviceModel}|${request.deviceMemoryGiB}`;
    let never = this.byShape.get(shape);
    if (never === undefined) this.byShape.set(shape, (never = neverFits(request, this.cluster) ?? null));
    if (never === null) return false;
    this.total++;
    const limit = never.limit;
    // Jobs lacking the same thing against the same figure of the cluster read as one line.
    const key = limit ? `${never.kind}|${limit.unit}|${limit.has}|${request.deviceModel ?? ''}` : `${never.kind}|${request.deviceModel ?? ''}`;
    const g = this.groups.get(key);
    if (g) {
      g.jobs++;
      g.largest = Math.max(g.largest, limit?.asks ?? 0);
    } else {
      this.groups.set(key, { kind: never.kind, jobs: 1, largest: limit?.asks ?? 0, first: never, model: request.deviceModel });
    }
    return true;
  }

  result(): SimNeverFit {
    const reasons = [...this.groups.entries()]
      .sort((a, b) => b[1].jobs - a[1].jobs || (a[0] < b[0] ? -1 : 1))
      .map(([, g]) => ({ kind: g.kind, jobs: g.jobs, text: this.describe(g) }));
    return { jobs: this.total, reasons };
  }

  private describe(g: Group): string {
    const limit = g.first.limit;
    const model = g.model !== undefined ? `${g.model} ` : '';
    if (!limit) return `ask for ${model}devices, which the cluster lacks (it has ${this.cluster.models.join(', ') || 'none'})`;
    const largest = `(largest: ${n(g.largest)})`;
    switch (limit.unit) {
      case 'devices':
        return `ask for more than ${n(limit.has)} ${model}devices ${largest}`;
      case 'devices of one model':
        return `ask for more than ${n(limit.has)} devices of one model, the most the cluster has of any; a job runs on one model ${largest}`;
      case 'GiB a device':
        return `ask for more than ${n(limit.has)} GiB a ${model}device (largest: ${n(g.largest)} GiB)`;
      case 'devices a node':
        return `ask for more than ${n(limit.has)} ${model}devices on one node, the most a node has ${largest}`;
      case 'nodes':
        return `ask for more than ${n(limit.has)} nodes with enough ${model}devices for their share ${largest}`;
    }
  }
}
