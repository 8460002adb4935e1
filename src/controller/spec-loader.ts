/**
 * Loads `*.claw.yaml` job specs and `*.cluster.yaml` cluster files: YAML parsed with positions,
 * validated by the zod schemas of src/core, every problem reported with its field path and its
 * line/column in the file (the extension shows them in the Problems panel).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ClusterFile } from '../core/cluster-file';
import { JobSpec } from '../core/job-spec';
import { LIMITS } from '../core/limits';
import { isPolicyName, policyNames } from '../scheduler/policies';
import { simulatorClusterProblems } from '../../simulator/cluster/load-cluster';
import { TokenFileError } from '../core/token-file';
import { validateYaml, type ValidationResult, type ValueProblem } from '../core/yaml-validation';
import { loadYamlFile } from '../../simulator/input/yaml-input';

export { FileSpecError, validateYaml, type LocatedProblem, type ValidationResult, type ValueProblem } from '../core/yaml-validation';
import { readTokenFile } from './read-token';

/** Resolves the spec's relative paths against the folder of its file. */
export function resolveJobPaths(spec: JobSpec, specDir: string): JobSpec {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(specDir, p));
  return {
    ...spec,
    workdir: abs(spec.workdir ?? '.'),
    checkpoint: spec.checkpoint ? { ...spec.checkpoint, dir: abs(spec.checkpoint.dir) } : undefined,
  };
}

const JOB_SPEC = { bytes: LIMITS.jobSpecFileBytes, items: LIMITS.jobSpecFileItems, what: 'a job spec' };
const CLUSTER_FILE = { bytes: LIMITS.clusterFileBytes, items: LIMITS.clusterFileItems, what: 'a cluster file' };

/** Validates a job spec's text (what the extension calls on every edit). Paths are left as written. */
export function validateJobSpecText(text: string): ValidationResult<JobSpec> {
  return validateYaml(JobSpec, text, undefined, JOB_SPEC);
}

/** Validates a cluster file's text. */
export function validateClusterFileText(text: string): ValidationResult<ClusterFile> {
  return validateYaml(ClusterFile, text, simulatorClusterProblems, CLUSTER_FILE);
}

/** Reads, validates and resolves a job spec file; throws a FileSpecError naming every problem. */
export function loadJobSpec(path: string): JobSpec {
  const full = resolve(path);
  return resolveJobPaths(loadYamlFile(JobSpec, full, { limit: JOB_SPEC, source: path }), dirname(full));
}

/**
 * A cluster file with its relative paths (token files, TLS files) resolved against its folder, and
 * the files it names checked (`checkFiles: false` for a file about agents not started yet).
 */
export function loadClusterFile(path: string, options: { checkFiles?: boolean } = {}): ClusterFile {
  const full = resolve(path);
  const dir = dirname(full);
  const check = (c: ClusterFile) => [...simulatorClusterProblems(c), ...policyProblems(c, dir), ...(options.checkFiles === false ? [] : clusterFileProblems(resolveClusterPaths(c, dir)))];
  return resolveClusterPaths(loadYamlFile(ClusterFile, full, { limit: CLUSTER_FILE, check, source: path }), dir);
}

/** A `policy:` is a built-in policy's name or a policy file beside the cluster file. */
function policyProblems(cluster: ClusterFile, dir: string): ValueProblem[] {
  if (cluster.backend === 'slurm' || cluster.backend === 'server' || isPolicyName(cluster.policy)) return [];
  const known = `expected one of ${policyNames().join(', ')} or the path of a .ts/.js policy file`;
  if (!/\.[cm]?[jt]s$/.test(cluster.policy)) return [{ path: ['policy'], message: `unknown policy "${cluster.policy}"; ${known}` }];
  const file = isAbsolute(cluster.policy) ? cluster.policy : resolve(dir, cluster.policy);
  return existsSync(file) ? [] : [{ path: ['policy'], message: `no such file: ${file}; ${known}` }];
}

/** The files an agents cluster names: token files that are tokens (owner-only, one line), TLS files that exist. */
function clusterFileProblems(cluster: ClusterFile): ValueProblem[] {
  if (cluster.backend === 'server') return serverFileProblems(cluster);
  if (cluster.backend !== 'agents') return [];
  const out: ValueProblem[] = [];
  cluster.agents.forEach((a, i) => {
    const problem = (field: readonly PropertyKey[], file: string, err: unknown) => out.push({ path: ['agents', i, ...field], message: unreadable(file, err) });
    if (a.tokenFile) {
      try {
        readTokenFile(a.tokenFile);
      } catch (err) {
        problem(['tokenFile'], a.tokenFile, err);
      }
    }
    for (const k of ['ca', 'cert', 'key'] as const) {
      const file = a.tls?.[k];
      if (file && !existsSync(file)) problem(['tls', k], file, Object.assign(new Error(), { code: 'ENOENT' }));
    }
  });
  return out;
}

/** Why a file a cluster file names cannot be used. */
function unreadable(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (err instanceof TokenFileError) return err.message;
  return code === 'ENOENT' ? `no such file: ${file}` : code === 'EACCES' ? `cannot read ${file}: permission denied` : `cannot read ${file}: ${code ?? 'unreadable'}`;
}

/** A control plane's cluster file: the user's token file is a token file, the CA file exists. */
function serverFileProblems(cluster: Extract<ClusterFile, { backend: 'server' }>): ValueProblem[] {
  const out: ValueProblem[] = [];
  try {
    readTokenFile(cluster.tokenFile);
  } catch (err) {
    out.push({ path: ['tokenFile'], message: unreadable(cluster.tokenFile, err) });
  }
  if (cluster.tls?.ca && !existsSync(cluster.tls.ca)) out.push({ path: ['tls', 'ca'], message: `no such file: ${cluster.tls.ca}` });
  return out;
}

export function resolveClusterPaths(cluster: ClusterFile, dir: string): ClusterFile {
  const abs = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(dir, p));
  if (cluster.backend === 'agents') {
    return {
      ...cluster,
      agents: cluster.agents.map((a) => ({
        ...a,
        tokenFile: abs(a.tokenFile),
        tls: a.tls ? { ca: abs(a.tls.ca), cert: abs(a.tls.cert), key: abs(a.tls.key) } : undefined,
      })),
    };
  }
  if (cluster.backend === 'server') return { ...cluster, tokenFile: abs(cluster.tokenFile)!, tls: cluster.tls ? { ca: abs(cluster.tls.ca) } : undefined };
  // Over SSH the folder is on the cluster: a relative one is relative to the remote home, left for
  // the backend to resolve there (resolving it here would name a folder of this machine).
  if (cluster.backend === 'slurm') return cluster.ssh ? cluster : { ...cluster, sharedDir: abs(cluster.sharedDir) };
  return cluster;
}
