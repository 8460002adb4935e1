/**
 * Inspects a checkpoint, a file or a folder, whatever wrote it: PyTorch's zip format (`torch.save`),
 * safetensors, a Hugging Face checkpoint folder (config.json, trainer_state.json and its weight
 * files) or a `torch.distributed.checkpoint` folder (`.metadata`). Reads headers and directories
 * only, within caps; a malformed file becomes a problem line, never an exception.
 */
import type { ByteSource } from './byte-source';
import { emptyContents, type CheckpointContents } from './contents';
import { readPickle } from './pickle';
import { looksLikeSafetensors, readSafetensors } from './safetensors';
import { readDcpTree } from './torch-distributed';
import { readTorchPickle, UnsafePickleError } from './torch-pickle';
import { isZip, readZipEntry, readZipIndex } from './zip-index';

/** A pickle (data.pkl, .metadata) bigger than this is not a checkpoint's index: not read. */
export const MAX_PICKLE_BYTES = 64 * 2 ** 20;
/** JSON files of a Hugging Face folder. */
export const MAX_JSON_BYTES = 16 * 2 ** 20;

export interface CheckpointFile {
  /** Relative to the checkpoint (its own name for a single file). */
  path: string;
  size: number;
  open(): Promise<ByteSource>;
}

type Format = CheckpointContents['format'];

export async function inspectCheckpoint(files: readonly CheckpointFile[]): Promise<CheckpointContents> {
  const byName = new Map(files.map((f) => [f.path, f]));
  const hf = byName.has('config.json') || byName.has('trainer_state.json');
  const dcp = byName.has('.metadata');
  const out = emptyContents(dcp ? 'torch-distributed' : hf ? 'huggingface' : 'unknown');
  for (const file of files) {
    const format = await fileFormat(file, out);
    out.files.push({ path: file.path, bytes: file.size, format });
    if (files.length === 1 && !hf && !dcp) out.format = format;
  }
  if (hf) await readHfJson(byName, out);
  if (dcp) await readDcpMetadata(byName.get('.metadata')!, out);
  return out;
}

async function fileFormat(file: CheckpointFile, out: CheckpointContents): Promise<Format> {
  if (file.path === '.metadata' || file.path.endsWith('.json') || file.path.endsWith('.distcp')) return 'unknown';
  try {
    const source = await file.open();
    if (await isZip(source)) {
      await readTorchZip(source, file.path, out);
      return 'pytorch';
    }
    if (await looksLikeSafetensors(source)) {
      await readSafetensors(source, file.path, out);
      return 'safetensors';
    }
    const head = await source.read(0, 2);
    if (head[0] === 0x80 && head[1] !== undefined && head[1] <= 5) out.problems.push(`${file.path}: PyTorch's legacy (pre-1.6) format, not read; re-save it with torch.save to see inside`);
  } catch (err) {
    out.problems.push(err instanceof UnsafePickleError ? err.message : `${file.path}: ${(err as Error).message}`);
  }
  return 'unknown';
}

async function readTorchZip(source: ByteSource, file: string, out: CheckpointContents): Promise<void> {
  const entries = await readZipIndex(source);
  const pkl = entries.find((e) => /(^|\/)data\.pkl$/.test(e.name));
  if (!pkl) throw new Error('a zip without data.pkl: not a PyTorch checkpoint');
  const bytes = await readZipEntry(source, pkl, MAX_PICKLE_BYTES);
  readTorchPickle(readPickle(bytes), file, out);
}

async function readJson(file: CheckpointFile | undefined, out: CheckpointContents): Promise<Record<string, unknown> | undefined> {
  if (!file) return undefined;
  if (file.size > MAX_JSON_BYTES) {
    out.problems.push(`${file.path}: ${file.size} bytes, over the ${MAX_JSON_BYTES}-byte limit: not read`);
    return undefined;
  }
  try {
    const source = await file.open();
    const parsed: unknown = JSON.parse(new TextDecoder().decode(await source.read(0, file.size)));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    out.problems.push(`${file.path}: not a JSON object`);
  } catch (err) {
    out.problems.push(`${file.path}: ${(err as Error).message}`);
  }
  return undefined;
}

const CONFIG_KEYS = ['model_type', 'architectures', 'torch_dtype', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'vocab_size', 'max_position_embeddings'];

async function readHfJson(byName: Map<string, CheckpointFile>, out: CheckpointContents): Promise<void> {
  const config = await readJson(byName.get('config.json'), out);
  if (config) {
    for (const key of CONFIG_KEYS) {
      const v = config[key];
      if (Array.isArray(v) && typeof v[0] === 'string') out.model[key] = v.join(', ');
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.model[key] = v;
    }
  }
  const state = await readJson(byName.get('trainer_state.json'), out);
  if (state) {
    for (const key of ['global_step', 'epoch', 'max_steps', 'num_train_epochs', 'best_metric', 'best_model_checkpoint']) {
      const v = state[key];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.state[key] = v;
    }
    // The last logged values: what the run looked like when this checkpoint was written.
    const history = Array.isArray(state.log_history) ? (state.log_history as Record<string, unknown>[]) : [];
    for (const key of ['loss', 'eval_loss', 'learning_rate']) {
      const last = [...history].reverse().find((h) => typeof h?.[key] === 'number');
      if (last) out.state[key] = last[key] as number;
    }
  }
}

async function readDcpMetadata(file: CheckpointFile, out: CheckpointContents): Promise<void> {
  if (file.size > MAX_PICKLE_BYTES) {
    out.problems.push(`.metadata: ${file.size} bytes, over the ${MAX_PICKLE_BYTES}-byte limit: not read`);
    return;
  }
  try {
    const source = await file.open();
    readDcpTree(readPickle(await source.read(0, file.size)), out);
  } catch (err) {
    out.problems.push(err instanceof UnsafePickleError ? err.message : `.metadata: ${(err as Error).message}`);
  }
}
