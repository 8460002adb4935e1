/**
 * TensorBoard's `Event` records (the data of each TFRecord in an `events.out.tfevents.*` file),
 * decoded with protobufjs, and the scalars in them: `simple_value` (TF1, tensorboardX, PyTorch's
 * `SummaryWriter`) and scalar tensors (TF2's `tf.summary.scalar`, Keras, `flax.metrics`).
 *
 * The schema is the subset of TensorFlow's `event.proto`, `summary.proto`, `tensor.proto` and
 * `tensor_shape.proto` (Apache-2.0, The TensorFlow Authors) that scalars need, with their field
 * numbers; fields left out are skipped by the decoder as unknown fields.
 */
import * as protobuf from 'protobufjs';

export const TB_EVENT_PROTO = `
syntax = "proto3";
package tensorboard;

message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what {
    string file_version = 3;
    Summary summary = 5;
  }
}

message Summary {
  message Value {
    string node_name = 7;
    string tag = 1;
    SummaryMetadata metadata = 9;
    oneof value {
      float simple_value = 2;
      TensorProto tensor = 8;
    }
  }
  repeated Value value = 1;
}

message SummaryMetadata {
  message PluginData {
    string plugin_name = 1;
    bytes content = 2;
  }
  PluginData plugin_data = 1;
  string display_name = 2;
  string summary_description = 3;
}

enum DataType {
  DT_INVALID = 0;
  DT_FLOAT = 1;
  DT_DOUBLE = 2;
  DT_INT32 = 3;
  DT_INT64 = 9;
  DT_HALF = 19;
  DT_BFLOAT16 = 14;
}

message TensorShapeProto {
  message Dim {
    int64 size = 1;
    string name = 2;
  }
  repeated Dim dim = 2;
  bool unknown_rank = 3;
}

message TensorProto {
  DataType dtype = 1;
  TensorShapeProto tensor_shape = 2;
  int32 version_number = 3;
  bytes tensor_content = 4;
  repeated int32 half_val = 13 [packed = true];
  repeated float float_val = 5 [packed = true];
  repeated double double_val = 6 [packed = true];
  repeated int32 int_val = 7 [packed = true];
  repeated int64 int64_val = 10 [packed = true];
}
`;

const root = protobuf.parse(TB_EVENT_PROTO, { keepCase: true }).root;
const EventType = root.lookupType('tensorboard.Event');

export interface ScalarPoint {
  tag: string;
  step: number;
  /** Seconds since the epoch, as the writer recorded it. */
  wallTime: number;
  value: number;
}

interface DecodedTensor {
  dtype?: number;
  tensor_shape?: { dim?: { size?: number }[] };
  tensor_content?: Uint8Array;
  half_val?: number[];
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  int64_val?: number[];
}

interface DecodedEvent {
  wall_time?: number;
  step?: number;
  file_version?: string;
  summary?: { value?: { tag?: string; simple_value?: number; tensor?: DecodedTensor; metadata?: { plugin_data?: { plugin_name?: string } } }[] };
}

/** The scalars of one event record; throws on bytes that are not an Event (the caller counts it). */
export function scalarsOfEvent(record: Uint8Array): ScalarPoint[] {
  const event = EventType.toObject(EventType.decode(record), { longs: Number, defaults: false }) as DecodedEvent;
  const values = event.summary?.value;
  if (!values) return [];
  const step = event.step ?? 0;
  const wallTime = event.wall_time ?? 0;
  const out: ScalarPoint[] = [];
  for (const v of values) {
    if (!v.tag) continue;
    let value: number | undefined;
    if (v.simple_value !== undefined) value = v.simple_value;
    else if (v.tensor) {
      // Only scalar summaries: histograms, images and text carry tensors too, under other plugins.
      const plugin = v.metadata?.plugin_data?.plugin_name;
      if (plugin === undefined || plugin === 'scalars' || plugin === '') value = scalarOfTensor(v.tensor);
    }
    if (value !== undefined && Number.isFinite(value)) out.push({ tag: v.tag, step, wallTime, value });
  }
  return out;
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_INT32 = 3;
const DT_INT64 = 9;
const DT_HALF = 19;
const DT_BFLOAT16 = 14;

function scalarOfTensor(t: DecodedTensor): number | undefined {
  const dims = t.tensor_shape?.dim ?? [];
  if (dims.some((d) => (d.size ?? 0) !== 1)) return undefined;
  const content = t.tensor_content;
  if (content && content.length > 0) {
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
    switch (t.dtype) {
      case DT_FLOAT: return content.length >= 4 ? view.getFloat32(0, true) : undefined;
      case DT_DOUBLE: return content.length >= 8 ? view.getFloat64(0, true) : undefined;
      case DT_INT32: return content.length >= 4 ? view.getInt32(0, true) : undefined;
      case DT_INT64: return content.length >= 8 ? Number(view.getBigInt64(0, true)) : undefined;
      case DT_HALF: return content.length >= 2 ? halfToNumber(view.getUint16(0, true)) : undefined;
      case DT_BFLOAT16: return content.length >= 2 ? bfloat16ToNumber(view.getUint16(0, true)) : undefined;
      default: return undefined;
    }
  }
  switch (t.dtype) {
    case DT_FLOAT: return t.float_val?.[0];
    case DT_DOUBLE: return t.double_val?.[0];
    case DT_INT32: return t.int_val?.[0];
    case DT_INT64: return t.int64_val?.[0];
    case DT_HALF: return t.half_val?.[0] === undefined ? undefined : halfToNumber(t.half_val[0]);
    case DT_BFLOAT16: return t.half_val?.[0] === undefined ? undefined : bfloat16ToNumber(t.half_val[0]);
    default: return undefined;
  }
}

function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function bfloat16ToNumber(b: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, b << 16, false);
  return view.getFloat32(0, false);
}

/** Encodes an event (tests and fixtures): the same schema, the other direction. */
export function encodeEvent(event: { wall_time: number; step?: number; file_version?: string; summary?: unknown }): Uint8Array {
  return EventType.encode(EventType.fromObject(event)).finish();
}
