/** `--cluster <file|preset>`: a preset name, or a cluster YAML file of the simulator backend. */
import { existsSync } from 'node:fs';
import { ClusterFile } from '../../src/core/cluster-file';
import { ClusterShape } from '../../src/core/cluster-spec';
import { parseWith, SpecError } from '../../src/core/errors';
import { LIMITS } from '../../src/core/limits';
import { parseYamlWith, readInputFile } from '../input/yaml-input';
import { PRESET_NAMES, presetShape } from './presets';

/** Whether `--cluster` names a file rather than a preset. */
export function looksLikePath(arg: string): boolean {
  return /[/\\]/.test(arg) || /\.ya?ml$/i.test(arg) || existsSync(arg);
}

export function shapeOfPreset(name: string, source: string): ClusterShape {
  const shape = presetShape(name);
  if (!shape) throw new SpecError(source, [{ path: 'preset', message: `unknown preset "${name}"; expected one of ${PRESET_NAMES.join(', ')}` }]);
  return shape;
}

/** A simulated cluster and the policy its file names (`policy:`, default fifo). */
export interface SimulatedCluster {
  shape: ClusterShape;
  policy: string;
}

/** Problems of a simulator cluster file beyond its schema: a preset that does not exist. */
export function simulatorClusterProblems(file: ClusterFile): { path: string[]; message: string }[] {
  if (file.backend !== 'simulator' || file.preset === undefined || presetShape(file.preset)) return [];
  return [{ path: ['preset'], message: `unknown preset "${file.preset}"; expected one of ${PRESET_NAMES.join(', ')}` }];
}

/** Parses the text of a cluster file (a simulator cluster file or a bare shape). */
export function parseClusterFileText(text: string, source: string): SimulatedCluster {
  const file = parseYamlWith(ClusterFile, text, source, {
    limit: { bytes: LIMITS.clusterFileBytes, items: LIMITS.clusterFileItems, what: 'a cluster file' },
    check: (f) => [
      ...(f.backend === 'simulator' ? [] : [{ path: ['backend'], message: `this is a "${f.backend}" cluster; the simulator needs a cluster shape (nodes) or a preset` }]),
      ...simulatorClusterProblems(f),
    ],
  });
  if (file.backend !== 'simulator') throw new Error('unreachable: checked above');
  const shape = file.preset !== undefined ? shapeOfPreset(file.preset, source) : parseWith(ClusterShape, { name: file.name, nodes: file.nodes, network: file.network }, source);
  return { shape, policy: file.policy };
}

export function parseClusterText(text: string, source: string): ClusterShape {
  return parseClusterFileText(text, source).shape;
}

/** `--cluster <file|preset>` with the policy its file names (a cluster file of any backend: loadClusterFile in src/controller/spec-loader.ts). */
export function loadSimulatedCluster(arg: string): SimulatedCluster {
  if (!looksLikePath(arg)) return { shape: shapeOfPreset(arg, '--cluster'), policy: 'fifo' };
  return parseClusterFileText(readInputFile(arg, 'a cluster YAML file or a preset name'), arg);
}

export function loadCluster(arg: string): ClusterShape {
  return loadSimulatedCluster(arg).shape;
}
