/** Writes the event log as JSONL, buffered, with synchronous writes (so a crash loses at most a buffer). */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { SimEventRecord } from '../src/core/sim-events';

export class JsonlWriter {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write = (record: SimEventRecord): void => {
    const line = JSON.stringify(record) + '\n';
    this.chunks.push(line);
    this.size += line.length;
    if (this.size >= 1 << 20) this.flush();
  };

  flush(): void {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
