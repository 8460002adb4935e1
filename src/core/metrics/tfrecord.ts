/**
 * TFRecord framing, read incrementally as a file grows:
 *
 *     uint64 length | uint32 masked_crc32c(length) | data[length] | uint32 masked_crc32c(data)
 *
 * A record cut short at the end of what was read is kept and completed by the next chunk (the writer
 * is still writing it). A record whose data fails its CRC is skipped and counted. A length that fails
 * its CRC means the framing itself is lost: the reader looks for the next byte offset where a length
 * and its CRC agree, and counts the bytes it skipped as one corrupt record.
 */
import { maskedCrc32c } from './crc32c';

const HEADER = 12;
const FOOTER = 4;
/** A record longer than this is not a metric event (an embedded graph, an image): skipped, not kept. */
export const MAX_RECORD_BYTES = 16 * 2 ** 20;

export interface TfRecordChunk {
  records: Uint8Array[];
  /** Records (or runs of lost framing) skipped since the last call. */
  corrupt: number;
  /** Bytes skipped on purpose since the last call: records over MAX_RECORD_BYTES. */
  skippedBytes: number;
}

export class TfRecordReader {
  private pending = new Uint8Array(0);
  /** Bytes still to drop of an oversized record, across chunks. */
  private dropping = 0;
  private lostFraming = false;

  push(chunk: Uint8Array): TfRecordChunk {
    const out: TfRecordChunk = { records: [], corrupt: 0, skippedBytes: 0 };
    let buf = concat(this.pending, chunk);
    if (this.dropping > 0) {
      const n = Math.min(this.dropping, buf.length);
      this.dropping -= n;
      out.skippedBytes += n;
      buf = buf.subarray(n);
    }
    let at = 0;
    while (buf.length - at >= HEADER) {
      const view = new DataView(buf.buffer, buf.byteOffset + at, HEADER);
      const lengthLow = view.getUint32(0, true);
      const lengthHigh = view.getUint32(4, true);
      if (view.getUint32(8, true) !== maskedCrc32c(buf, at, at + 8)) {
        // Lost framing: count it once, then move on a byte at a time until a header checks.
        if (!this.lostFraming) out.corrupt++;
        this.lostFraming = true;
        at++;
        continue;
      }
      this.lostFraming = false;
      const length = lengthHigh > 0 ? Infinity : lengthLow;
      const total = HEADER + length + FOOTER;
      if (length > MAX_RECORD_BYTES) {
        const have = buf.length - at;
        if (have >= total) {
          out.skippedBytes += total;
          at += total;
          continue;
        }
        this.dropping = Number.isFinite(total) ? total - have : 0;
        out.skippedBytes += have;
        at = buf.length;
        break;
      }
      if (buf.length - at < total) break; // torn: the rest is still being written
      const dataStart = at + HEADER;
      const dataEnd = dataStart + length;
      const footer = new DataView(buf.buffer, buf.byteOffset + dataEnd, FOOTER).getUint32(0, true);
      if (footer === maskedCrc32c(buf, dataStart, dataEnd)) out.records.push(buf.slice(dataStart, dataEnd));
      else out.corrupt++;
      at += total;
    }
    this.pending = buf.slice(at);
    return out;
  }

  /** Bytes held back waiting for the rest of a record. */
  get pendingBytes(): number {
    return this.pending.length;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Frames one record: what a writer appends (used by tests and by the file fixture writer). */
export function frameTfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + data.length + FOOTER);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, true);
  view.setUint32(4, 0, true);
  view.setUint32(8, maskedCrc32c(out, 0, 8), true);
  out.set(data, HEADER);
  view.setUint32(HEADER + data.length, maskedCrc32c(data), true);
  return out;
}
