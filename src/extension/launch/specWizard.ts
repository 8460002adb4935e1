/**
 * The guided flow for a training script without a job spec: framework, nodes, processes per node,
 * devices and checkpoint folder, then `<script>.claw.yaml` is written beside the script.
 */
import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';
import type { Launcher } from '../../core/job-spec';
import { readSettings } from '../settings';

interface Answers {
  launcher: Launcher;
  nodes: number;
  processesPerNode: number;
  gpusPerProcess: number;
  checkpointDir: string;
}

const FRAMEWORKS: { label: string; description: string; launcher: Launcher }[] = [
  { label: '$(flame) PyTorch', description: 'torch.distributed: one process per rank with MASTER_ADDR, RANK, WORLD_SIZE', launcher: 'pytorch' },
  { label: '$(flame) PyTorch with torchrun', description: 'torchrun starts the ranks of each node (torch 2.x)', launcher: 'torchrun' },
  { label: '$(symbol-misc) TensorFlow', description: 'TF_CONFIG for MultiWorkerMirroredStrategy', launcher: 'tensorflow' },
  { label: '$(symbol-misc) JAX', description: 'jax.distributed coordinator address, process count and id', launcher: 'jax' },
  { label: '$(terminal) Plain', description: 'run the command on each rank, no framework set-up', launcher: 'plain' },
];

const TITLE = 'OpenClaw: New Job Spec';

async function askNumber(step: number, prompt: string, value: string, min: number): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: `${TITLE} (${step}/5)`,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= min ? undefined : `Expected a whole number ≥ ${min}`),
  });
  return answer === undefined ? undefined : Number(answer.trim());
}

async function ask(scriptName: string): Promise<Answers | undefined> {
  const fw = await vscode.window.showQuickPick(FRAMEWORKS, { title: `${TITLE} (1/5)`, placeHolder: `How does ${scriptName} train?`, ignoreFocusOut: true });
  if (!fw) return undefined;
  const nodes = await askNumber(2, 'Nodes (machines) to run on', '1', 1);
  if (nodes === undefined) return undefined;
  const processesPerNode = await askNumber(3, 'Processes (ranks) per node', '1', 1);
  if (processesPerNode === undefined) return undefined;
  const gpusPerProcess = await askNumber(4, 'GPUs per process (0 runs on CPUs)', '0', 0);
  if (gpusPerProcess === undefined) return undefined;
  const checkpointDir = await vscode.window.showInputBox({
    title: `${TITLE} (5/5)`,
    prompt: 'Checkpoint folder (relative to the script; the script reads OPENCLAW_CHECKPOINT_DIR)',
    value: 'checkpoints',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() && !v.includes('\0') ? undefined : 'Expected a folder name'),
  });
  if (checkpointDir === undefined) return undefined;
  return { launcher: fw.launcher, nodes, processesPerNode, gpusPerProcess, checkpointDir: checkpointDir.trim() };
}

/** A job name the spec schema accepts, from the script's file name. */
export function jobNameFor(script: string): string {
  const stem = basename(script, extname(script)).replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (stem || 'job').slice(0, 63);
}

export function specText(script: string, a: Answers, python: string): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    `# Job spec for ${basename(script)}, written by OpenClaw. Launch it with the Launch CodeLens above.`,
    `name: ${jobNameFor(script)}`,
    `command: [${q(python)}, ${q(basename(script))}]`,
    `launcher: ${a.launcher}`,
    'resources:',
    `  nodes: ${a.nodes}`,
    `  processesPerNode: ${a.processesPerNode}`,
    `  gpusPerProcess: ${a.gpusPerProcess}`,
    'checkpoint:',
    `  dir: ${q(a.checkpointDir)}`,
    'maxRestarts: 2',
    '',
  ].join('\n');
}

/** Asks, writes `<stem>.claw.yaml` beside the script and returns its URI (undefined when cancelled). */
export async function createSpecFor(script: vscode.Uri): Promise<vscode.Uri | undefined> {
  const answers = await ask(basename(script.fsPath));
  if (!answers) return undefined;
  const target = vscode.Uri.file(join(dirname(script.fsPath), `${jobNameFor(script.fsPath)}.claw.yaml`));
  try {
    await vscode.workspace.fs.stat(target);
    const replace = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} exists. Replace it?`, { modal: true }, 'Replace');
    if (replace !== 'Replace') return undefined;
  } catch {
    // Not there yet: the usual case.
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(specText(script.fsPath, answers, readSettings().pythonPath), 'utf8'));
  return target;
}
