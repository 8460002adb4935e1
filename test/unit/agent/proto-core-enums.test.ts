/**
 * The agent API carries some enums as strings (a launcher, a device vendor, a checkpoint format, a
 * signal), listing their values in a comment above the field. Each such list must be the core's (or
 * the agent's), so that a value added on one side is not refused, or passed on unknown, by the other.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointFormat } from '../../../src/core/checkpoint';
import { DeviceInfo } from '../../../src/core/device';
import { Launcher } from '../../../src/core/job-spec';
import { SIGNALS } from '../../../agent/ranks';

/** `Message.field` -> the values its comment lists, for every string field documented as `"a" | "b"`. */
function documentedValues(proto: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let message = '';
  let listed: string[] | undefined;
  for (const line of proto.split('\n')) {
    const m = /^message (\w+)/.exec(line);
    if (m) message = m[1]!;
    const comment = /^\s*\/\/\s*("[\w-]+"(?:\s*\|\s*"[\w-]+")+)/.exec(line);
    if (comment) {
      listed = [...comment[1]!.matchAll(/"([\w-]+)"/g)].map((x) => x[1]!);
      continue;
    }
    const field = /^\s*string (\w+) = \d+;/.exec(line);
    if (field && listed) out.set(`${message}.${field[1]}`, listed);
    if (!/^\s*\/\//.test(line)) listed = undefined;
  }
  return out;
}

const vendors = DeviceInfo.shape.vendor.removeDefault().options;

describe('agent.proto and the core agree on enum values', () => {
  const documented = documentedValues(readFileSync(join(__dirname, '../../../proto/agent.proto'), 'utf8'));

  it('lists exactly the core values for launchers, device vendors and checkpoint formats', () => {
    assert.deepEqual(documented.get('LaunchRequest.launcher'), [...Launcher.options]);
    assert.deepEqual(documented.get('Device.vendor'), [...vendors]);
    assert.deepEqual(documented.get('Checkpoint.format'), [...CheckpointFormat.options]);
    // The agent picks CUDA or HIP by vendor: every vendor it is told of is one the core knows.
    for (const v of documented.get('LaunchRequest.device_vendor') ?? []) assert.ok((vendors as readonly string[]).includes(v), `device_vendor "${v}" is no core vendor`);
  });

  it('lists exactly the signals the agent accepts', () => {
    assert.deepEqual(documented.get('SignalRequest.signal'), [...SIGNALS]);
  });

  it('has no documented list of values left unchecked here', () => {
    assert.deepEqual([...documented.keys()].sort(), ['Checkpoint.format', 'Device.vendor', 'LaunchRequest.device_vendor', 'LaunchRequest.launcher', 'SignalRequest.signal']);
  });
});
