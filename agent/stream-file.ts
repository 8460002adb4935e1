// Writes a file to a gRPC server stream in chunks, only as fast as the client takes them, from an
// offset; with `follow`, keeps going as the file grows until `ended()` says the writer is done.
import type { ServerWritableStream } from '@grpc/grpc-js';
import { open } from 'node:fs/promises';

/** Waits until the stream can take more, or the call is cancelled. */
export function drained(call: ServerWritableStream<unknown, unknown>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
  });
}

export interface StreamOptions<Chunk> {
  path: string;
  offset: number;
  chunkBytes: number;
  /** Stop after this many bytes (the size cap of a fetch). */
  limit?: number;
  follow?: boolean;
  /** True once nothing more will be written to the file. */
  ended?: () => boolean;
  /** How long to wait for growth before looking again (ms). */
  pollMs?: number;
  chunk: (offset: number, data: Buffer) => Chunk;
  /** Called with each chunk's bytes before it is sent (e.g. for a checksum). */
  onData?: (data: Buffer) => void;
}

/** Streams; resolves with the offset reached and whether the writer had ended when it stopped. */
export async function streamFile<Chunk>(call: ServerWritableStream<unknown, Chunk>, o: StreamOptions<Chunk>): Promise<{ offset: number; ended: boolean }> {
  let cancelled = false;
  const onCancel = () => (cancelled = true);
  call.on('cancelled', onCancel);
  const fh = await open(o.path, 'r');
  let pos = o.offset;
  const stop = o.limit === undefined ? Infinity : o.offset + o.limit;
  try {
    while (!cancelled) {
      const want = Math.min(o.chunkBytes, stop - pos);
      if (want <= 0) return { offset: pos, ended: true };
      // Check "ended" before reading: bytes written before it turned true are then read below.
      const endedBefore = o.ended?.() ?? true;
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await fh.read(buf, 0, want, pos);
      if (bytesRead > 0) {
        const data = bytesRead === want ? buf : buf.subarray(0, bytesRead);
        o.onData?.(data);
        const more = call.write(o.chunk(pos, data));
        pos += bytesRead;
        if (!more && !cancelled) await drained(call as ServerWritableStream<unknown, unknown>);
        continue;
      }
      if (!o.follow || endedBefore) return { offset: pos, ended: endedBefore };
      await new Promise((r) => setTimeout(r, o.pollMs ?? 50));
    }
    return { offset: pos, ended: false };
  } finally {
    call.off('cancelled', onCancel);
    await fh.close();
  }
}
