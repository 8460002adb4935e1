/**
 * The heavy half of the extension, bundled apart as dist/extension-runtime.js: the job manager and its
 * backends, the simulator, and the YAML/zod loaders. dist/extension.js loads it on first use (a
 * cluster connected, a spec checked), so activation only parses the small half.
 */
export { createController } from '../controller/factory';
export { loadClusterFile, resolveJobPaths, validateClusterFileText, validateJobSpecText } from '../controller/spec-loader';
export { PRESET_NAMES } from '../../simulator/cluster/presets';
export { loadPolicyFile } from '../controller/policy-loader';
export { isPolicyName } from '../scheduler/policies/index';
