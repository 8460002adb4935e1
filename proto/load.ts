// Loads agent.proto and control.proto at runtime with the options the types in ./generated were made with.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtoGrpcType } from './generated/agent';
import type { ProtoGrpcType as ControlProtoGrpcType } from './generated/control';
import options from './options.json';

/**
 * The API level agents and clients speak. Bump it on a change that an older peer would
 * misunderstand (a field whose meaning changed, an RPC removed); adding fields or RPCs does not.
 */
export const AGENT_API_LEVEL = 1;

/** The .proto sits beside this file in the source tree, and in dist/proto/ beside the bundles. */
export function protoPath(file = 'agent.proto'): string {
  const candidates = [join(__dirname, file), join(__dirname, 'proto', file), join(__dirname, '..', 'proto', file)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`${file} not found (looked in ${candidates.join(', ')})`);
  return found;
}

let cached: ProtoGrpcType['openclaw']['agent']['v1'] | undefined;

/** The `openclaw.agent.v1` package: the Agent service constructor and its definition. */
export function agentPackage(): ProtoGrpcType['openclaw']['agent']['v1'] {
  if (!cached) {
    const def = protoLoader.loadSync(protoPath(), { ...options, longs: Number, enums: String });
    const loaded = grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
    cached = loaded.openclaw.agent.v1;
  }
  return cached;
}


let cachedControl: ControlProtoGrpcType['openclaw']['control']['v1'] | undefined;

/** The `openclaw.control.v1` package: the control plane's client API (`openclaw serve`). */
export function controlPackage(): ControlProtoGrpcType['openclaw']['control']['v1'] {
  if (!cachedControl) {
    const def = protoLoader.loadSync(protoPath('control.proto'), { ...options, longs: Number, enums: String });
    cachedControl = (grpc.loadPackageDefinition(def) as unknown as ControlProtoGrpcType).openclaw.control.v1;
  }
  return cachedControl;
}
