/**
 * safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the raw data. Only the header is read.
 */
import type { ByteSource } from './byte-source';
import { addTensor, DTYPE_BYTES, elements, type CheckpointContents } from './contents';

/** The format's own reference implementation refuses headers over 100 MB. */
export const MAX_SAFETENSORS_HEADER = 100 * 1000 * 1000;

const DTYPES: Record<string, string> = {
  F64: 'float64', F32: 'float32', F16: 'float16', BF16: 'bfloat16', F8_E4M3: 'float8_e4m3fn', F8_E5M2: 'float8_e5m2',
  I64: 'int64', I32: 'int32', I16: 'int16', I8: 'int8', U64: 'uint64', U32: 'uint32', U16: 'uint16', U8: 'uint8', BOOL: 'bool',
};

export async function looksLikeSafetensors(source: ByteSource): Promise<boolean> {
  if (source.size < 10) return false;
  const head = await source.read(0, 9);
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  return n > 0n && n <= BigInt(Math.min(MAX_SAFETENSORS_HEADER, source.size - 8)) && head[8] === 0x7b; // '{'
}

export async function readSafetensors(source: ByteSource, file: string, into: CheckpointContents): Promise<void> {
  const head = await source.read(0, 8);
  if (head.length < 8) throw new Error(`${file}: too short for a safetensors file`);
  const n = Number(new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true));
  if (n > MAX_SAFETENSORS_HEADER) throw new Error(`${file}: a safetensors header of ${n} bytes (over the format's 100 MB limit)`);
  if (8 + n > source.size) throw new Error(`${file}: the safetensors header runs past the end of the file (cut short?)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(await source.read(8, n)));
  } catch (err) {
    throw new Error(`${file}: the safetensors header is not JSON (${(err as Error).message})`);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw new Error(`${file}: the safetensors header is not an object`);
  const dataBytes = source.size - 8 - n;
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      for (const [k, v] of Object.entries((entry ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== 'format') into.state[k] = v;
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const shape = Array.isArray(e.shape) && e.shape.every((d) => Number.isInteger(d) && d >= 0) ? (e.shape as number[]) : undefined;
    const offsets = Array.isArray(e.data_offsets) && e.data_offsets.length === 2 ? (e.data_offsets as number[]) : undefined;
    if (typeof e.dtype !== 'string' || !shape || !offsets) {
      into.problems.push(`${file}: tensor ${name} has no dtype, shape or data_offsets`);
      continue;
    }
    const dtype = DTYPES[e.dtype] ?? e.dtype;
    const bytes = offsets[1]! - offsets[0]!;
    const expected = elements(shape) * (DTYPE_BYTES[dtype] ?? 0);
    if (offsets[1]! > dataBytes || bytes < 0) into.problems.push(`${file}: tensor ${name} lies past the end of the file (cut short?)`);
    else if (DTYPE_BYTES[dtype] !== undefined && bytes !== expected) into.problems.push(`${file}: tensor ${name} holds ${bytes} bytes where ${dtype}${JSON.stringify(shape)} needs ${expected}`);
    addTensor(into, { name, dtype, shape, bytes, file });
  }
}
