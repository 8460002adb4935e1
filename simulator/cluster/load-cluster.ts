/** `--cluster <file|preset>`: a preset name, or a cluster YAML file of the simulator backend. */
import { existsSync } from 'node:fs';
import { ClusterFile } from '../../src/core/cluster-file';
import { ClusterShape } from '../../src/core/cluster-spec';
import { SpecError } from '../../src/core/errors';
import { parseYamlWith, readInputFile } from '../input/yaml-input';
import { PRESET_NAMES, presetShape } from './presets';

function looksLikePath(arg: string): boolean {
  return /[/\\]/.test(arg) || /\.ya?ml$/i.test(arg) || existsSync(arg);
}

export function shapeOfPreset(name: string, source: string): ClusterShape {
  const shape = presetShape(name);
  if (!shape) throw new SpecError(source, [{ path: 'preset', message: `unknown preset "${name}"; expected one of ${PRESET_NAMES.join(', ')}` }]);
  return shape;
}

/** Parses the text of a cluster file (a simulator cluster file or a bare shape). */
export function parseClusterText(text: string, source: string): ClusterShape {
  const file = parseYamlWith(ClusterFile, text, source);
  if (file.backend !== 'simulator') {
    throw new SpecError(source, [{ path: 'backend', message: `this is a "${file.backend}" cluster; the simulator needs a cluster shape (nodes) or a preset` }]);
  }
  if (file.preset !== undefined) return shapeOfPreset(file.preset, source);
  return ClusterShape.parse({ name: file.name, nodes: file.nodes, network: file.network });
}

export function loadCluster(arg: string): ClusterShape {
  if (!looksLikePath(arg)) return shapeOfPreset(arg, '--cluster');
  return parseClusterText(readInputFile(arg, 'a cluster YAML file or a preset name'), arg);
}
