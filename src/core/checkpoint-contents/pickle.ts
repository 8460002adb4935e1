/**
 * A pickle reader that interprets the opcodes and never imports or calls anything: a global is a
 * name, a call (REDUCE, NEWOBJ, BUILD) is a record of the callee and its arguments. What the names
 * mean is decided by the caller, against an allowlist (see torch-checkpoint.ts). Bounded in the
 * number of opcodes, the nesting depth and the size of what it builds, so a hostile file costs
 * little and ends with an error naming the byte offset.
 */

export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | PickleTuple
  | PickleDict
  | PickleGlobal
  | PickleCall
  | PicklePersistent;

export class PickleTuple {
  constructor(readonly items: PickleValue[]) {}
}
export class PickleDict {
  readonly entries: [PickleValue, PickleValue][] = [];
  get(key: string): PickleValue | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }
}
/** `module.name`, named and never looked up. */
export class PickleGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get path(): string {
    return `${this.module}.${this.name}`;
  }
}
/** What `callee(*args)` would have built, with the state a BUILD would have set on it. */
export class PickleCall {
  state: PickleValue | undefined;
  /** What SETITEM(S) added (an OrderedDict, a dict subclass). */
  readonly dictItems = new PickleDict();
  /** What APPEND(S) added (a list subclass, a set's ADDITEMS). */
  readonly listItems: PickleValue[] = [];
  constructor(readonly callee: PickleValue, readonly args: PickleValue[], readonly kind: 'reduce' | 'newobj') {}
}
/** A reference the unpickler would resolve through `persistent_load` (PyTorch's tensor storages). */
export class PicklePersistent {
  constructor(readonly id: PickleValue) {}
}

export class PickleError extends Error {}

export interface PickleLimits {
  maxOps: number;
  maxDepth: number;
  maxItems: number;
}
const DEFAULT_LIMITS: PickleLimits = { maxOps: 5_000_000, maxDepth: 1000, maxItems: 2_000_000 };

export function readPickle(bytes: Uint8Array, limits: PickleLimits = DEFAULT_LIMITS): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const latin1 = new TextDecoder('latin1');
  let pos = 0;
  let stack: PickleValue[] = [];
  const marks: PickleValue[][] = [];
  const memo = new Map<number, PickleValue>();
  let items = 0;

  const fail = (what: string): never => {
    throw new PickleError(`${what} at byte ${pos}`);
  };
  const need = (n: number) => {
    if (pos + n > bytes.length) fail('the pickle ends early');
  };
  const u8 = () => {
    need(1);
    return bytes[pos++]!;
  };
  const u16 = () => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const i32 = () => {
    need(4);
    const v = view.getInt32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(bytes.length)) fail('a length past the end of the file');
    return Number(v);
  };
  const take = (n: number) => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('a text opcode without its newline');
    const out = latin1.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return out;
  };
  const pop = (): PickleValue => {
    if (stack.length === 0) fail('an opcode with nothing on the stack');
    return stack.pop()!;
  };
  const popMark = (): PickleValue[] => {
    const top = stack;
    const prev = marks.pop();
    if (!prev) fail('a MARK-using opcode without a MARK');
    stack = prev!;
    return top;
  };
  const count = (n: number) => {
    items += n;
    if (items > limits.maxItems) fail(`more than ${limits.maxItems} items`);
  };
  const push = (v: PickleValue) => {
    stack.push(v);
    count(1);
  };
  const signedLE = (b: Uint8Array): bigint => {
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b.length > 0 && b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return v;
  };
  const small = (v: bigint): number | bigint => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
  const setItems = (target: PickleValue, kv: PickleValue[]) => {
    const dict = target instanceof PickleDict ? target : target instanceof PickleCall ? target.dictItems : fail('SETITEM on something that is not a dict');
    for (let i = 0; i + 1 < kv.length; i += 2) dict.entries.push([kv[i]!, kv[i + 1]!]);
  };
  const append = (target: PickleValue, values: PickleValue[]) => {
    if (Array.isArray(target)) target.push(...values);
    else if (target instanceof PickleCall) target.listItems.push(...values);
    else fail('APPEND on something that is not a list');
  };

  for (let ops = 0; ; ops++) {
    if (ops > limits.maxOps) fail(`more than ${limits.maxOps} opcodes`);
    if (marks.length > limits.maxDepth) fail(`nesting deeper than ${limits.maxDepth}`);
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: pos += 8; break; // FRAME: a length hint only
      case 0x2e: { // STOP
        if (stack.length !== 1) fail('STOP with other than one value on the stack');
        return stack[0]!;
      }
      case 0x28: marks.push(stack); stack = []; break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: { const v = pop(); push(v); push(v); break; } // DUP
      case 0x4e: push(null); break; // NONE
      case 0x88: push(true); break; // NEWTRUE
      case 0x89: push(false); break; // NEWFALSE
      case 0x4a: push(i32()); break; // BININT
      case 0x4b: push(u8()); break; // BININT1
      case 0x4d: push(u16()); break; // BININT2
      case 0x8a: push(small(signedLE(take(u8())))); break; // LONG1
      case 0x8b: { const n = u32(); push(small(signedLE(take(n)))); break; } // LONG4
      case 0x47: { need(8); push(view.getFloat64(pos, false)); pos += 8; break; } // BINFLOAT (big-endian)
      case 0x49: { // INT (text): also True/False as 01/00
        const t = line();
        push(t === '01' ? true : t === '00' ? false : small(BigInt(t.trim())));
        break;
      }
      case 0x4c: push(small(BigInt(line().replace(/L$/, '').trim()))); break; // LONG (text)
      case 0x46: push(Number(line())); break; // FLOAT (text)
      case 0x58: push(decoder.decode(take(u32()))); break; // BINUNICODE
      case 0x8c: push(decoder.decode(take(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: push(decoder.decode(take(u64()))); break; // BINUNICODE8
      case 0x56: push(line()); break; // UNICODE (raw-unicode-escape; close enough for names)
      case 0x54: push(latin1.decode(take(u32()))); break; // BINSTRING
      case 0x55: push(latin1.decode(take(u8()))); break; // SHORT_BINSTRING
      case 0x53: push(line().replace(/^'(.*)'$|^"(.*)"$/, '$1$2')); break; // STRING
      case 0x42: push(take(u32())); break; // BINBYTES
      case 0x43: push(take(u8())); break; // SHORT_BINBYTES
      case 0x8e: push(take(u64())); break; // BINBYTES8
      case 0x96: push(take(u64())); break; // BYTEARRAY8
      case 0x97: case 0x98: fail('out-of-band buffers (pickle protocol 5) are not read'); break; // NEXT_BUFFER, READONLY_BUFFER
      case 0x7d: push(new PickleDict()); break; // EMPTY_DICT
      case 0x5d: push([]); break; // EMPTY_LIST
      case 0x29: push(new PickleTuple([])); break; // EMPTY_TUPLE
      case 0x8f: push(new PickleCall(new PickleGlobal('builtins', 'set'), [], 'reduce')); break; // EMPTY_SET
      case 0x85: push(new PickleTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); push(new PickleTuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); push(new PickleTuple([a, b, c])); break; } // TUPLE3
      case 0x74: push(new PickleTuple(popMark())); break; // TUPLE
      case 0x6c: push(popMark()); break; // LIST
      case 0x64: { const kv = popMark(); const d = new PickleDict(); setItems(d, kv); push(d); break; } // DICT
      case 0x91: { const v = popMark(); push(new PickleCall(new PickleGlobal('builtins', 'frozenset'), [v], 'reduce')); break; } // FROZENSET
      case 0x61: { const v = pop(); append(stack[stack.length - 1] ?? fail('APPEND on an empty stack'), [v]); break; } // APPEND
      case 0x65: { const vs = popMark(); append(stack[stack.length - 1] ?? fail('APPENDS on an empty stack'), vs); count(vs.length); break; } // APPENDS
      case 0x73: { const v = pop(); const k = pop(); setItems(stack[stack.length - 1] ?? fail('SETITEM on an empty stack'), [k, v]); break; } // SETITEM
      case 0x75: { const kv = popMark(); setItems(stack[stack.length - 1] ?? fail('SETITEMS on an empty stack'), kv); count(kv.length); break; } // SETITEMS
      case 0x90: { const vs = popMark(); append(stack[stack.length - 1] ?? fail('ADDITEMS on an empty stack'), vs); count(vs.length); break; } // ADDITEMS
      case 0x63: { const module = line(); const name = line(); push(new PickleGlobal(module, name)); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL without two names');
        push(new PickleGlobal(module as string, name as string));
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        const callee = pop();
        push(new PickleCall(callee, args instanceof PickleTuple ? args.items : [args], 'reduce'));
        break;
      }
      case 0x81: { // NEWOBJ
        const args = pop();
        const cls = pop();
        push(new PickleCall(cls, args instanceof PickleTuple ? args.items : [args], 'newobj'));
        break;
      }
      case 0x92: { // NEWOBJ_EX
        pop(); // kwargs
        const args = pop();
        const cls = pop();
        push(new PickleCall(cls, args instanceof PickleTuple ? args.items : [args], 'newobj'));
        break;
      }
      case 0x6f: { const vs = popMark(); const cls = vs.shift() ?? null; push(new PickleCall(cls, vs, 'newobj')); break; } // OBJ
      case 0x69: { const module = line(); const name = line(); const vs = popMark(); push(new PickleCall(new PickleGlobal(module, name), vs, 'newobj')); break; } // INST
      case 0x62: { // BUILD
        const state = pop();
        const target = stack[stack.length - 1];
        if (target instanceof PickleCall) target.state = state;
        else fail('BUILD on something that is not an object');
        break;
      }
      case 0x51: push(new PicklePersistent(pop())); break; // BINPERSID
      case 0x50: push(new PicklePersistent(line())); break; // PERSID
      case 0x71: memo.set(u8(), stack[stack.length - 1] ?? fail('BINPUT on an empty stack')); break; // BINPUT
      case 0x72: memo.set(u32(), stack[stack.length - 1] ?? fail('LONG_BINPUT on an empty stack')); break; // LONG_BINPUT
      case 0x70: memo.set(Number(line()), stack[stack.length - 1] ?? fail('PUT on an empty stack')); break; // PUT
      case 0x94: memo.set(memo.size, stack[stack.length - 1] ?? fail('MEMOIZE on an empty stack')); break; // MEMOIZE
      case 0x68: { const k = u8(); push(memo.has(k) ? memo.get(k)! : fail(`BINGET of unknown memo ${k}`)); break; } // BINGET
      case 0x6a: { const k = u32(); push(memo.has(k) ? memo.get(k)! : fail(`LONG_BINGET of unknown memo ${k}`)); break; } // LONG_BINGET
      case 0x67: { const k = Number(line()); push(memo.has(k) ? memo.get(k)! : fail(`GET of unknown memo ${k}`)); break; } // GET
      case 0x82: case 0x83: case 0x84: fail('extension registry codes (EXT1/2/4) are not read'); break;
      default:
        fail(`unknown opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }
}
