/**
 * A `torch.distributed.checkpoint` folder's `.metadata`: a pickled `Metadata` dataclass whose
 * `state_dict_metadata` maps each fully qualified name to a `TensorStorageMetadata` (properties with
 * the dtype, a `torch.Size`, the chunks in the `.distcp` files) or a `BytesStorageMetadata` (pickled
 * training state, not read).
 */
import { addTensor, DTYPE_BYTES, elements, type CheckpointContents } from './contents';
import { PickleCall, PickleDict, PickleGlobal, PickleTuple, type PickleValue } from './pickle';
import { assertSafePickle } from './torch-pickle';

export function readDcpTree(root: PickleValue, out: CheckpointContents): void {
  assertSafePickle(root, '.metadata');
  const fields = stateOf(root);
  const entries = fields?.get('state_dict_metadata');
  if (!(entries instanceof PickleDict)) {
    out.problems.push('.metadata: no state_dict_metadata (not a torch.distributed.checkpoint folder?)');
    return;
  }
  for (const [key, value] of entries.entries) {
    if (typeof key !== 'string') continue;
    const meta = stateOf(value);
    const size = meta?.get('size');
    if (!meta || size === undefined) {
      out.state[key] = 'object';
      continue;
    }
    const shape = dimsOf(size);
    const dtype = dtypeIn(meta.get('properties') ?? null);
    if (!shape || !dtype) {
      out.problems.push(`.metadata: ${key} could not be read (unexpected metadata)`);
      continue;
    }
    addTensor(out, { name: key, dtype, shape, bytes: elements(shape) * (DTYPE_BYTES[dtype] ?? 0), file: '*.distcp' });
  }
}

/** The fields a dataclass instance was rebuilt with (its BUILD state dict). */
function stateOf(v: PickleValue | undefined): PickleDict | undefined {
  if (v instanceof PickleCall) {
    if (v.state instanceof PickleDict) return v.state;
    // A (state, slotstate) pair.
    if (v.state instanceof PickleTuple && v.state.items[0] instanceof PickleDict) return v.state.items[0];
  }
  return v instanceof PickleDict ? v : undefined;
}

/** `torch.Size([2, 3])` pickles as a call of torch.Size with the list. */
function dimsOf(v: PickleValue): number[] | undefined {
  const list = v instanceof PickleCall ? v.args[0] : v;
  const items = Array.isArray(list) ? list : list instanceof PickleTuple ? list.items : undefined;
  if (!items) return undefined;
  const dims = items.map((d) => (typeof d === 'number' ? d : typeof d === 'bigint' ? Number(d) : -1));
  return dims.some((d) => d < 0) ? undefined : dims;
}

/** The first `torch.<dtype>` global in the properties, whether pickled as fields or as a tuple. */
function dtypeIn(v: PickleValue, depth = 0): string | undefined {
  if (depth > 5 || v === null || typeof v !== 'object') return undefined;
  if (v instanceof PickleGlobal) return v.module === 'torch' && DTYPE_BYTES[v.name] !== undefined ? v.name : undefined;
  const next: PickleValue[] =
    v instanceof PickleCall ? [...v.args, v.state ?? null] : v instanceof PickleDict ? v.entries.map(([, x]) => x) : v instanceof PickleTuple ? v.items : Array.isArray(v) ? v : [];
  for (const n of next) {
    const found = dtypeIn(n, depth + 1);
    if (found) return found;
  }
  return undefined;
}
