/**
 * Reads what PyTorch pickles — tensors rebuilt from storages, state dicts, the training state saved
 * beside them — out of the symbolic tree `readPickle` builds. Names decide everything: a global is
 * checked against what `torch.load(weights_only=True)` would accept, and a call to anything that
 * could run code (os.system, eval, subprocess...) makes the whole file refused.
 */
import { addTensor, DTYPE_BYTES, elements, type CheckpointContents } from './contents';
import { PickleCall, PickleDict, PickleGlobal, PicklePersistent, PickleTuple, type PickleValue } from './pickle';

const STORAGE_DTYPES: Record<string, string> = {
  DoubleStorage: 'float64', FloatStorage: 'float32', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8', ByteStorage: 'uint8',
  BoolStorage: 'bool', ComplexDoubleStorage: 'complex128', ComplexFloatStorage: 'complex64',
};

/** Modules whose functions run code, read files or reach the network when called on load. */
const DANGEROUS_MODULES = /^(os|posix|nt|subprocess|sys|builtins\.(eval|exec|compile|__import__|open|getattr|setattr|delattr|globals|locals|input|breakpoint)|__builtin__|runpy|importlib|pickle|_pickle|marshal|shutil|socket|urllib|http|requests|webbrowser|pty|code|codeop|ctypes|multiprocessing|threading|signal|asyncio|tempfile|pathlib|io|glob|platform|commands|pdb|timeit|cProfile|profile|trace)(\.|$)/;

/** Globals a plain checkpoint is made of (what torch's weights-only unpickler also allows). */
const KNOWN = /^(torch\._utils\._rebuild_|torch\.(\w+Storage|storage\.\w+|Size|device|dtype|float\w*|bfloat16|half|double|int\d*|uint\d+|long|short|bool|complex\w*|cfloat|cdouble|_tensor\._rebuild_from_type_v2|Tensor|nn\.parameter\.Parameter|serialization\._get_layout)|collections\.(OrderedDict|defaultdict)|builtins\.(set|frozenset|slice|complex|bytearray|range|list|dict|tuple|int|float|str|bytes|object)|copyreg\._reconstructor|_codecs\.encode|numpy\.(core|_core)\.multiarray\.(_reconstruct|scalar)|numpy\.(dtype|ndarray)|numpy\.dtypes\.|argparse\.Namespace)/;

export class UnsafePickleError extends Error {}

interface Walk {
  into: CheckpointContents;
  file: string;
  unknown: Set<string>;
}

/** Fills `into` from a torch pickle; throws UnsafePickleError if it would run code when loaded. */
export function readTorchPickle(root: PickleValue, file: string, into: CheckpointContents): void {
  assertSafePickle(root, file);
  const walk: Walk = { into, file, unknown: new Set() };
  visit(walk, root, '', 0, new Set());
  for (const name of walk.unknown) into.problems.push(`${file}: holds objects of ${name}, which torch.load(weights_only=True) would refuse; shown as far as plain data goes`);
}

/** Throws if unpickling would call something that runs code, reads files or reaches the network. */
export function assertSafePickle(root: PickleValue, file: string): void {
  const unsafe = findUnsafe(root);
  if (unsafe) throw new UnsafePickleError(`${file}: refused: loading it would call ${unsafe} (a pickle that runs code); nothing in it was run`);
}

function findUnsafe(root: PickleValue): string | undefined {
  const seen = new Set<object>();
  const stack: PickleValue[] = [root];
  while (stack.length) {
    const v = stack.pop()!;
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof PickleGlobal) {
      if (DANGEROUS_MODULES.test(v.path)) return v.path;
    } else if (v instanceof PickleCall) {
      stack.push(v.callee, ...v.args, v.dictItems, ...v.listItems);
      if (v.state !== undefined) stack.push(v.state);
    } else if (v instanceof PickleTuple) stack.push(...v.items);
    else if (v instanceof PickleDict) for (const [k, val] of v.entries) stack.push(k, val);
    else if (v instanceof PicklePersistent) stack.push(v.id);
    else if (Array.isArray(v)) stack.push(...v);
  }
  return undefined;
}

/** Keys of the training state worth showing, near the top of the file (an optimizer's param_groups[0].lr too). */
const STATE_KEY = /^(step|global_step|steps|epoch|epochs|iter|iteration|best_\w+|\w*loss|lr|learning_rate|\w*acc\w*|num_\w+|seed|version)$/i;

function visit(w: Walk, v: PickleValue, path: string, depth: number, seen: Set<object>): void {
  if (depth > 200 || v === null || typeof v !== 'object' || v instanceof Uint8Array) return;
  if (seen.has(v)) return;
  seen.add(v);
  if (v instanceof PickleDict) {
    for (const [k, val] of v.entries) {
      const key = typeof k === 'string' || typeof k === 'number' ? String(k) : '?';
      // A state dict's `_metadata` holds module versions, not training state.
      if (key === '_metadata') continue;
      const at = path ? `${path}.${key}` : key;
      const scalar = scalarOf(val);
      if (scalar !== undefined && depth <= 3 && STATE_KEY.test(key)) w.into.state[at] = scalar;
      else visit(w, val, at, depth + 1, seen);
    }
  } else if (Array.isArray(v) || v instanceof PickleTuple) {
    const items = Array.isArray(v) ? v : v.items;
    items.forEach((item, i) => visit(w, item, `${path}[${i}]`, depth + 1, seen));
  } else if (v instanceof PickleCall) {
    const callee = v.callee instanceof PickleGlobal ? v.callee.path : undefined;
    if (callee && /^torch\._utils\._rebuild_tensor(_v2|_v3)?$/.test(callee)) return tensorOf(w, v, path);
    if (callee && /^torch\._utils\._rebuild_parameter/.test(callee)) return visit(w, v.args[0] ?? null, path, depth, seen);
    if (callee === 'torch._tensor._rebuild_from_type_v2') return visit(w, v.args[1] ?? null, path, depth, seen);
    if (callee && !KNOWN.test(callee) && !callee.startsWith('torch.')) w.unknown.add(callee);
    visit(w, v.dictItems, path, depth, seen);
    v.listItems.forEach((item, i) => visit(w, item, `${path}[${i}]`, depth + 1, seen));
    if (v.state !== undefined) visit(w, v.state, path, depth, seen);
    // Arguments of a known container (an OrderedDict's items list) hold data too.
    for (const a of v.args) visit(w, a, path, depth + 1, seen);
  }
}

function scalarOf(v: PickleValue): number | string | boolean | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && v.length <= 200) return v;
  // A 0-d tensor (a loss saved with .detach()) is shown by its tensor entry, not here.
  return undefined;
}

/** `_rebuild_tensor_v2(persistent(('storage', torch.FloatStorage, key, location, numel)), offset, size, stride, ...)`. */
function tensorOf(w: Walk, call: PickleCall, path: string): void {
  const [storage, , size, , , , dtypeArg] = call.args;
  const id = storage instanceof PicklePersistent ? storage.id : undefined;
  const parts = id instanceof PickleTuple ? id.items : [];
  let dtype: string | undefined;
  const kind = parts[1];
  if (kind instanceof PickleGlobal) dtype = STORAGE_DTYPES[kind.name] ?? (kind.module === 'torch' && DTYPE_BYTES[kind.name] !== undefined ? kind.name : undefined);
  // _rebuild_tensor_v3 and untyped storages name the dtype apart.
  if (dtypeArg instanceof PickleGlobal && DTYPE_BYTES[dtypeArg.name] !== undefined) dtype = dtypeArg.name;
  const dims = size instanceof PickleTuple ? size.items : Array.isArray(size) ? size : [];
  const shape = dims.map((d) => (typeof d === 'number' ? d : typeof d === 'bigint' ? Number(d) : -1));
  if (!dtype || shape.some((d) => d < 0)) {
    w.into.problems.push(`${w.file}: ${path || 'a tensor'} could not be read (unexpected rebuild arguments)`);
    return;
  }
  addTensor(w.into, { name: path, dtype, shape, bytes: elements(shape) * (DTYPE_BYTES[dtype] ?? 0), file: w.file });
}
