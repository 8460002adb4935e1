// Turns a vendor's product name into the lower-case model id the scheduler matches on.

const NOISE = new Set(['nvidia', 'tesla', 'geforce', 'quadro', 'amd', 'instinct', 'radeon', 'pro', 'graphics']);

/**
 * "NVIDIA A100-SXM4-80GB" -> "a100", "NVIDIA H100 80GB HBM3" -> "h100", "Tesla V100-SXM2-16GB" -> "v100",
 * "NVIDIA GeForce RTX 4090" -> "rtx4090", "NVIDIA RTX A6000" -> "a6000", "AMD Instinct MI300X" -> "mi300x".
 */
export function modelId(name: string): string {
  const words = name
    .replace(/\(.*?\)/g, ' ')
    .split(/[\s_]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w && !NOISE.has(w));
  let first = (words[0] ?? 'gpu').split('-')[0]!;
  // "RTX 4090" names the model in the second word; "RTX A6000" too.
  if ((first === 'rtx' || first === 'gtx') && words[1]) {
    const next = words[1].split('-')[0]!;
    first = /^\d/.test(next) ? first + next : next;
  }
  const id = first.replace(/[^a-z0-9._-]/g, '');
  return /^[a-z0-9]/.test(id) ? id : 'gpu';
}
