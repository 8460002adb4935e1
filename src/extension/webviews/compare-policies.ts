/**
 * "Compare Policies in Simulator": runs the simulator once per chosen built-in policy on the same
 * cluster and workload (each in its own `openclaw sim run` process, so the extension host stays
 * responsive and a cancel stops them), then opens the report of all runs with their exact device
 * intervals from the event logs.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandRegistrar } from './panel-commands';
import { parseWith } from '../../core/errors';
import { SimReport } from '../../core/sim-report';
import { PRESET_NAMES } from '../../../simulator/cluster/presets';
import { readEventLog, openReport } from './sim-report-host';
import { builtinPolicyItems } from '../policies/policy-pick';
import { compareRunsDir } from './sim-output-picker';
import { UNTRUSTED_ENV } from '../../core/workspace-trust';
import { requireTrust } from '../trust';
import { parseCompareOptions, workspacePolicies, type ComparePoliciesOptions } from './compare-options';

function runOne(cli: string, args: string[], cwd: string, token: vscode.CancellationToken): Promise<void> {
  return new Promise((resolve, reject) => {
    // ELECTRON_RUN_AS_NODE: desktop VS Code's executable runs as plain Node; harmless elsewhere.
    // Untrusted, the simulator refuses policy files itself too (the check below is not the only one).
    const trust = vscode.workspace.isTrusted ? {} : { [UNTRUSTED_ENV]: '1' };
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...trust }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const cancel = token.onCancellationRequested(() => child.kill());
    child.on('error', reject);
    child.on('exit', (code) => {
      cancel.dispose();
      if (token.isCancellationRequested) reject(new vscode.CancellationError());
      else if (code === 0) resolve();
      else reject(new Error(stderr.trim().split('\n').pop() || `the simulator exited with code ${code}`));
    });
  });
}

async function pick(): Promise<ComparePoliciesOptions | undefined> {
  const clusterFiles = await vscode.workspace.findFiles('**/*.cluster.{yaml,yml}', '**/node_modules/**', 100);
  const cluster = await vscode.window.showQuickPick(
    [...PRESET_NAMES.map((p) => ({ label: p, description: 'preset', value: p })), ...clusterFiles.map((f) => ({ label: vscode.workspace.asRelativePath(f), description: '', value: f.fsPath }))],
    { placeHolder: 'Cluster to simulate' },
  );
  if (!cluster) return undefined;
  const workloads = await vscode.workspace.findFiles('**/workloads/*.{yaml,yml}', '**/node_modules/**', 100);
  const workload = await vscode.window.showQuickPick(workloads.map((f) => ({ label: vscode.workspace.asRelativePath(f), value: f.fsPath })), { placeHolder: 'Workload' });
  if (!workload) return undefined;
  const policies = await vscode.window.showQuickPick(builtinPolicyItems(['fifo', 'las']), { placeHolder: 'Policies to compare', canPickMany: true, matchOnDetail: true });
  if (!policies?.length) return undefined;
  return { cluster: cluster.value, workload: workload.value, policies: policies.map((p) => p.name) };
}

export function registerComparePolicies(context: vscode.ExtensionContext, commands: CommandRegistrar<'simReport'>): void {
  context.subscriptions.push(
    commands.register('openclaw.comparePolicies', async (arg?: unknown) => {
      let o: ComparePoliciesOptions | undefined;
      try {
        o = arg === undefined ? await pick() : parseCompareOptions(arg);
      } catch (err) {
        void vscode.window.showErrorMessage(`OpenClaw: ${(err as Error).message}`);
        return undefined;
      }
      if (!o) return undefined;
      // A policy given as a path is workspace code: it runs only in a trusted workspace.
      const files = workspacePolicies(o);
      if (files.length > 0 && !requireTrust(`run the policy file ${files[0]}`)) return undefined;
      // Output files are named by the policy, or by its position for a file: a path must not name where they go.
      const stems = o.policies.map((p, i) => (files.includes(p) ? `policy-${i + 1}` : p));
      const cli = join(context.extensionUri.fsPath, 'dist', 'cli.js');
      const out = join(compareRunsDir(context), String(Date.now()));
      mkdirSync(out, { recursive: true });
      const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? out;
      try {
        await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `OpenClaw: simulating ${o.policies.length} polic${o.policies.length === 1 ? 'y' : 'ies'}`, cancellable: true },
          async (progress, token) => {
            let done = 0;
            // Two at a time: most machines have a core to spare for each.
            const queue = o.policies.map((p, i) => ({ p, stem: stems[i]! }));
            const worker = async () => {
              for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
                const { p, stem } = next;
                const args = ['sim', 'run', '--cluster', o.cluster, '--workload', o.workload, '--policy', p, '--seed', String(o.seed ?? 0), '--json', join(out, `${stem}.json`), '--events', join(out, `${stem}.events.jsonl`)];
                await runOne(cli, args, cwd, token);
                progress.report({ message: `${++done} of ${o.policies.length} done (${p})`, increment: 100 / o.policies.length });
              }
            };
            await Promise.all([worker(), worker()]);
          },
        );
      } catch (err) {
        if (!(err instanceof vscode.CancellationError)) void vscode.window.showErrorMessage(`OpenClaw: simulation failed: ${(err as Error).message}`);
        return undefined;
      }
      const reports = stems.map((s) => parseWith(SimReport, JSON.parse(readFileSync(join(out, `${s}.json`), 'utf8')), join(out, `${s}.json`)));
      const logs = stems.map((s) => readEventLog(join(out, `${s}.events.jsonl`)));
      const subject = { title: `Simulation: ${reports.map((r) => r.policy).join(' vs ')}`, files: stems.map((s) => join(out, `${s}.json`)) };
      return openReport(context, subject, { reports, logs });
    }),
  );
}
