/**
 * "Debug Policy in Simulator": runs dist/sim-debug.js under VS Code's JavaScript debugger with the
 * user's policy file (compiled with inline source maps by the policy loader), so breakpoints in the
 * policy stop there; when the run ends, its event log opens in the time-travel view.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandRegistrar } from './panel-commands';
import { PRESET_NAMES } from '../../../simulator/cluster/presets';
import type { OpenClawApi } from '../activation';
import type { TimeTravelToHost, TimeTravelToWebview } from '../../protocol/time-travel';
import type { PanelHost } from './panel-host';
import { openTimeTravel } from './time-travel-host';

export interface DebugPolicyOptions {
  policy: string;
  cluster: string;
  workload: string;
  seed?: number;
  /** Open the time-travel view when the run ends (default true). */
  timeTravel?: boolean;
  /** Extra environment of the simulator process (nothing is needed: the policy compiler is bundled). */
  env?: Record<string, string>;
  /** Extra launch-configuration fields (e.g. `trace` for the debugger's own log). */
  launch?: Record<string, unknown>;
}

export interface DebugPolicyRun {
  started: boolean;
  /** Marks the debug session's configuration (`configuration.openclawRunId`). */
  runId: string;
  /** Folder of the run's report.json and events.jsonl. */
  out: string;
  /** Resolves when the debug session ends, with the time-travel panel if one opened. */
  ended: Promise<PanelHost<TimeTravelToHost, TimeTravelToWebview> | undefined>;
}

async function pickFile(title: string, glob: string, extra: string[] = []): Promise<string | undefined> {
  const files = await vscode.workspace.findFiles(glob, '**/node_modules/**', 200);
  const items = [...extra.map((label) => ({ label, description: 'preset', path: label })), ...files.map((f) => ({ label: vscode.workspace.asRelativePath(f), description: '', path: f.fsPath }))];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: title });
  return picked?.path;
}

export function registerPolicyDebugger(context: vscode.ExtensionContext, _api: OpenClawApi, commands: CommandRegistrar<'policyDebugger'>): void {
  context.subscriptions.push(
    commands.register('openclaw.debugPolicy', async (arg?: vscode.Uri | DebugPolicyOptions) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('OpenClaw: debugging a policy runs workspace code; trust this workspace first.');
        return undefined;
      }
      let o: DebugPolicyOptions | undefined;
      if (arg && !(arg instanceof vscode.Uri)) o = arg;
      else {
        const editor = vscode.window.activeTextEditor?.document.uri;
        const policy = arg?.fsPath ?? (editor && /\.[cm]?[jt]s$/.test(editor.fsPath) ? editor.fsPath : await pickFile('Policy file to debug', '**/policies/**/*.{ts,js}'));
        if (!policy) return undefined;
        const cluster = await pickFile('Cluster to simulate', '**/*.cluster.{yaml,yml}', [...PRESET_NAMES]);
        if (!cluster) return undefined;
        const workload = await pickFile('Workload', '**/workloads/*.{yaml,yml}');
        if (!workload) return undefined;
        o = { policy, cluster, workload };
      }
      const program = join(context.extensionUri.fsPath, 'dist', 'sim-debug.js');
      const out = join(context.globalStorageUri.fsPath, 'sim-debug', String(Date.now()));
      mkdirSync(out, { recursive: true });
      const runId = `openclaw-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const folder = vscode.workspace.workspaceFolders?.[0];
      const config: vscode.DebugConfiguration = {
        type: 'node',
        request: 'launch',
        name: `Debug policy ${vscode.workspace.asRelativePath(o.policy)}`,
        program,
        args: ['--policy', o.policy, '--cluster', o.cluster, '--workload', o.workload, '--out', out, '--seed', String(o.seed ?? 0)],
        cwd: folder?.uri.fsPath ?? out,
        console: 'internalConsole',
        sourceMaps: true,
        // The policy runs from an in-memory bundle with an inline source map: let the debugger use
        // maps wherever the compiled code says it lives, and pause each new script until its
        // breakpoints are bound.
        resolveSourceMapLocations: null,
        pauseForSourceMap: true,
        skipFiles: ['<node_internals>/**'],
        ...(o.env ? { env: o.env } : {}),
        ...(o.launch ?? {}),
        openclawRunId: runId,
      };
      let listener: vscode.Disposable | undefined;
      const ended = new Promise<PanelHost<TimeTravelToHost, TimeTravelToWebview> | undefined>((resolve) => {
        listener = vscode.debug.onDidTerminateDebugSession((s) => {
          if (s.configuration.openclawRunId !== runId) return;
          listener?.dispose();
          const log = join(out, 'events.jsonl');
          if (o!.timeTravel === false || !existsSync(join(out, 'report.json'))) return resolve(undefined);
          try {
            resolve(openTimeTravel(context, log));
          } catch (err) {
            void vscode.window.showErrorMessage(`OpenClaw: ${(err as Error).message}`);
            resolve(undefined);
          }
        });
      });
      const started = await vscode.debug.startDebugging(folder, config);
      if (!started) {
        listener?.dispose();
        void vscode.window.showErrorMessage('OpenClaw: could not start the JavaScript debugger for the policy.');
      }
      const run: DebugPolicyRun = { started, runId, out, ended };
      return run;
    }),
  );
}
