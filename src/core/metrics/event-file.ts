/**
 * One TensorBoard event file read as it grows: bytes in, scalar points out. The caller does the I/O
 * (the agent on its node, the Slurm backend on the shared folder) and feeds what was appended.
 */
import { scalarsOfEvent, type ScalarPoint } from './tb-event';
import { TfRecordReader } from './tfrecord';

export const EVENT_FILE = /^events\.out\.tfevents\./;

export interface EventFileProgress {
  points: ScalarPoint[];
  /** Records skipped since the file was first read: a failed CRC, or data that is not an Event. */
  corrupt: number;
}

export class EventFileReader {
  private readonly records = new TfRecordReader();
  private corrupt = 0;

  push(chunk: Uint8Array): EventFileProgress {
    const { records, corrupt } = this.records.push(chunk);
    this.corrupt += corrupt;
    const points: ScalarPoint[] = [];
    for (const record of records) {
      try {
        points.push(...scalarsOfEvent(record));
      } catch {
        this.corrupt++;
      }
    }
    return { points, corrupt: this.corrupt };
  }

  /** Bytes of a record still being written (waited for, not an error). */
  get waitingBytes(): number {
    return this.records.pendingBytes;
  }
}

/** Scalars logged at one step (SummaryWriter writes each as an event of its own): one metric sample. */
export interface StepSample {
  step: number;
  /** The writer's wall time of the step's first scalar, in ms. */
  atMs: number;
  values: Record<string, number>;
}

/** Consecutive points of one step become one sample, as the charts draw them. */
export function samplesByStep(points: readonly ScalarPoint[]): StepSample[] {
  const out: StepSample[] = [];
  for (const p of points) {
    let current = out[out.length - 1];
    if (current?.step !== p.step) out.push((current = { step: p.step, atMs: p.wallTime * 1000, values: {} }));
    current.values[p.tag] = p.value;
  }
  return out;
}
