/** `--cluster <file|preset>`: a preset name, or a cluster YAML file of the simulator backend. */
import { existsSync } from 'node:fs';
import { ClusterFile } from '../../src/core/cluster-file';
import { ClusterShape } from '../../src/core/cluster-spec';
import { SpecError } from '../../src/core/errors';
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

/** Parses the text of a cluster file (a simulator cluster file or a bare shape). */
export function parseClusterFileText(text: string, source: string): SimulatedCluster {
  const file = parseYamlWith(ClusterFile, text, source);
  if (file.backend !== 'simulator') {
    throw new SpecError(source, [{ path: 'backend', message: `this is a "${file.backend}" cluster; the simulator needs a cluster shape (nodes) or a preset` }]);
  }
  const shape = file.preset !== undefined ? shapeOfPreset(file.preset, source) : ClusterShape.parse({ name: file.name, nodes: file.nodes, network: file.network });
  return { shape, policy: file.policy };
}

export function parseClusterText(text: string, source: string): ClusterShape {
  return parseClusterFileText(text, source).shape;
}

/** `--cluster <file|preset>` with the policy its file names. */
export function loadClusterFile(arg: string): SimulatedCluster {
  if (!looksLikePath(arg)) return { shape: shapeOfPreset(arg, '--cluster'), policy: 'fifo' };
  return parseClusterFileText(readInputFile(arg, 'a cluster YAML file or a preset name'), arg);
}

export function loadCluster(arg: string): ClusterShape {
  return loadClusterFile(arg).shape;
}
