/**
 * Turns a cluster choice into a running Controller: a simulator preset, or a `*.cluster.yaml` file
 * (validated with line numbers). Each cluster keeps its own journal under the state folder. The job
 * manager and its backends are imported here, lazily, so activation stays cheap.
 */
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { Controller } from '../controller/api';
import type { ClusterFile } from '../core/cluster-file';
import { choiceKey, type ClusterChoice } from './clusters';
import { readSettings, stateDir } from './settings';
import { policyAllowed } from './trust';
import { runtime } from './runtime';

/** The cluster file a choice stands for (presets become a simulator cluster file). */
export async function clusterFileOf(choice: ClusterChoice): Promise<ClusterFile> {
  const settings = readSettings();
  if (choice.kind === 'preset') {
    return { backend: 'simulator', preset: choice.preset, speedup: settings.simulatorSpeedup, policy: 'fifo' };
  }
  const { loadClusterFile } = runtime();
  const file = loadClusterFile(choice.path);
  // Slurm and a control plane schedule elsewhere: no policy runs here.
  if ((file.backend === 'simulator' || file.backend === 'agents') && !policyAllowed(file.policy)) {
    void vscode.window.showWarningMessage(`Restricted Mode: the policy "${file.policy}" of ${vscode.workspace.asRelativePath(choice.path)} is workspace code; using the built-in "fifo" instead.`);
    return { ...file, policy: 'fifo' };
  }
  return file;
}

function slug(choice: ClusterChoice): string {
  return choiceKey(choice).replace(/^.*[\\/]/, '').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/\.ya?ml$/, '');
}

export function controllerFactory(context: vscode.ExtensionContext) {
  return async (choice: ClusterChoice, _token: vscode.CancellationToken): Promise<Controller> => {
    const cluster = await clusterFileOf(choice);
    const dir = join(stateDir(context), slug(choice));
    const { createController, isPolicyName, loadPolicyFile } = runtime();
    const baseDir = choice.kind === 'file' ? dirname(choice.path) : undefined;
    // A policy that is not built in is the workspace's own file: loaded only in a trusted workspace
    // (clusterFileOf already fell back to fifo in Restricted Mode).
    const policyName = cluster.backend === 'simulator' || cluster.backend === 'agents' ? cluster.policy : undefined;
    const policy = policyName && !isPolicyName(policyName)
      ? await loadPolicyFile(isAbsolute(policyName) || !baseDir ? policyName : join(baseDir, policyName), { trusted: vscode.workspace.isTrusted, displayPath: vscode.workspace.asRelativePath(policyName) })
      : undefined;
    return createController(cluster, { stateDir: dir, baseDir, policy });
  };
}
