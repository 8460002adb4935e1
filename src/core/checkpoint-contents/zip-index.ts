/**
 * The entries of a zip archive (what `torch.save` writes) read from its central directory, so that a
 * checkpoint of many gigabytes costs a few small reads: the end record, the directory, one entry.
 * Zip64 archives (over 4 GiB, or over 65,535 entries) included.
 */
import { inflateRawSync } from 'node:zlib';
import type { ByteSource } from './byte-source';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The directory of a checkpoint is small; a bigger one is not read whole. */
export const MAX_DIRECTORY_BYTES = 64 * 2 ** 20;

export async function isZip(source: ByteSource): Promise<boolean> {
  if (source.size < 22) return false;
  const head = await source.read(0, 4);
  return new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) === LOCAL;
}

export async function readZipIndex(source: ByteSource): Promise<ZipEntry[]> {
  const tailLength = Math.min(source.size, 22 + 65_535 + 20);
  const tail = await source.read(source.size - tailLength, tailLength);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (tv.getUint32(i, true) === EOCD) { eocd = i; break; }
  if (eocd < 0) throw new ZipError('not a zip archive: no end-of-directory record (the file may be cut short)');
  let entries = tv.getUint16(eocd + 10, true);
  let dirSize = tv.getUint32(eocd + 12, true);
  let dirOffset = tv.getUint32(eocd + 16, true);
  if (eocd >= 20 && tv.getUint32(eocd - 20, true) === EOCD64_LOCATOR) {
    const at = Number(tv.getBigUint64(eocd - 20 + 8, true));
    const rec = await source.read(at, 56);
    const rv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    if (rv.getUint32(0, true) !== EOCD64) throw new ZipError('a zip64 locator pointing at no zip64 record');
    entries = Number(rv.getBigUint64(32, true));
    dirSize = Number(rv.getBigUint64(40, true));
    dirOffset = Number(rv.getBigUint64(48, true));
  }
  if (dirSize > MAX_DIRECTORY_BYTES) throw new ZipError(`a zip directory of ${dirSize} bytes (more than ${MAX_DIRECTORY_BYTES} is not read)`);
  if (dirOffset + dirSize > source.size) throw new ZipError('a zip directory past the end of the file (the file may be cut short)');
  const dir = await source.read(dirOffset, dirSize);
  const dv = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  const names = new TextDecoder();
  const out: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > dir.length || dv.getUint32(p, true) !== CENTRAL) throw new ZipError(`zip directory entry ${i} is damaged`);
    const method = dv.getUint16(p + 10, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let size = dv.getUint32(p + 24, true);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    let localHeaderOffset = dv.getUint32(p + 42, true);
    const name = names.decode(dir.subarray(p + 46, p + 46 + nameLength));
    // Zip64 sizes live in the extra field, in this order, only for the fields saturated above.
    let x = p + 46 + nameLength;
    const xEnd = x + extraLength;
    while (x + 4 <= xEnd) {
      const id = dv.getUint16(x, true);
      const len = dv.getUint16(x + 2, true);
      if (id === 0x0001) {
        let f = x + 4;
        if (size === 0xffffffff) { size = Number(dv.getBigUint64(f, true)); f += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = Number(dv.getBigUint64(f, true)); f += 8; }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(dv.getBigUint64(f, true));
      }
      x += 4 + len;
    }
    out.push({ name, method, compressedSize, size, localHeaderOffset });
    p = xEnd + commentLength;
  }
  return out;
}

/** Where an entry's data starts and how long it is (the local header has its own extra field). */
export async function entryRange(source: ByteSource, entry: ZipEntry): Promise<{ offset: number; length: number }> {
  const header = await source.read(entry.localHeaderOffset, 30);
  const hv = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (hv.getUint32(0, true) !== LOCAL) throw new ZipError(`the zip entry ${entry.name} is damaged`);
  const offset = entry.localHeaderOffset + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
  if (offset + entry.compressedSize > source.size) throw new ZipError(`the zip entry ${entry.name} runs past the end of the file (cut short?)`);
  return { offset, length: entry.compressedSize };
}

export async function readZipEntry(source: ByteSource, entry: ZipEntry, maxBytes: number): Promise<Uint8Array> {
  if (entry.size > maxBytes) throw new ZipError(`${entry.name} is ${entry.size} bytes (more than ${maxBytes} is not read)`);
  const { offset, length } = await entryRange(source, entry);
  const data = await source.read(offset, length);
  if (entry.method === 0) return data;
  if (entry.method === 8) return new Uint8Array(inflateRawSync(data, { maxOutputLength: maxBytes }));
  throw new ZipError(`${entry.name} is compressed with method ${entry.method}, which is not read`);
}
