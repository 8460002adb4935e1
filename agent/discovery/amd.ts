// Parsers for AMD's tools: `amd-smi static --asic --vram --json` (ROCm 6+) and
// `rocm-smi --showproductname --showmeminfo vram --showuniqueid --json` (older ROCm).
import type { Device__Output as Device } from '../../proto/generated/openclaw/agent/v1/Device';
import { modelId } from './model-id';

export const AMD_SMI_ARGS = ['static', '--asic', '--vram', '--json'];
export const ROCM_SMI_ARGS = ['--showproductname', '--showmeminfo', 'vram', '--showuniqueid', '--showuse', '--json'];

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

function mib(value: unknown, unit: unknown): number {
  const v = Number(value);
  if (!Number.isFinite(v)) return 0;
  switch (String(unit ?? 'MB').toUpperCase()) {
    case 'B': return v / 2 ** 20;
    case 'KB': return v / 1024;
    case 'GB': return v * 1024;
    default: return v; // amd-smi's "MB" is MiB
  }
}

/** amd-smi: a list (or `{gpu_data: [...]}`) of `{gpu, asic: {market_name, asic_serial, ...}, vram: {size: {value, unit}}}`. */
export function parseAmdSmiStatic(text: string): Device[] {
  const parsed: unknown = JSON.parse(text);
  const list = Array.isArray(parsed) ? parsed : (obj(parsed).gpu_data as unknown[] | undefined) ?? [];
  return list.map((entry, i) => {
    const e = obj(entry);
    const asic = obj(e.asic);
    const size = obj(obj(e.vram).size);
    const name = String(asic.market_name ?? asic.name ?? 'AMD GPU');
    const uuid = String(e.uuid ?? asic.asic_serial ?? `amd-${i}`);
    return {
      index: Number(e.gpu ?? i),
      uuid,
      name,
      model: modelId(name),
      memoryGib: Math.round((mib(size.value, size.unit) / 1024) * 100) / 100,
      vendor: 'amd',
      utilizationPercent: 0,
      memoryUsedMib: 0,
    };
  });
}

/** rocm-smi: `{"card0": {"Card series": ..., "Unique ID": ..., "VRAM Total Memory (B)": ..., ...}, "system": {...}}`. */
export function parseRocmSmiJson(text: string): Device[] {
  const parsed = obj(JSON.parse(text));
  const out: Device[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    const m = /^card(\d+)$/.exec(key);
    if (!m) continue;
    const card = obj(value);
    const name = String(card['Card Series'] ?? card['Card series'] ?? card['Card model'] ?? 'AMD GPU');
    const uuid = String(card['Unique ID'] ?? card['GUID'] ?? `amd-${m[1]}`);
    const total = Number(card['VRAM Total Memory (B)'] ?? 0);
    const used = Number(card['VRAM Total Used Memory (B)'] ?? 0);
    out.push({
      index: Number(m[1]),
      uuid,
      name,
      model: modelId(name),
      memoryGib: Math.round((total / 2 ** 30) * 100) / 100,
      vendor: 'amd',
      utilizationPercent: Number(card['GPU use (%)'] ?? 0) || 0,
      memoryUsedMib: Math.round(used / 2 ** 20),
    });
  }
  return out.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}
