/**
 * Wires the extension together: the session (connected cluster), the three views, the status bar,
 * commands, CodeLens, spec problems and logs. Nothing heavy runs here: the job manager, simulator and
 * YAML/zod loaders are imported only when a cluster is connected or a spec is checked.
 */
import * as vscode from 'vscode';
import type { JobRecord } from '../core/job';
import { registerCheckpointCommands } from './commands/checkpointCommands';
import { registerJobCommands } from './commands/jobCommands';
import { controllerFactory } from './connect';
import { connectTo, selectCluster, startSimulator } from './connectCommands';
import { parseChoice } from './clusters';
import { LaunchCodeLensProvider } from './launch/codeLens';
import { Launcher } from './launch/launcher';
import { SpecProblems } from './launch/specProblems';
import { createSpecFor } from './launch/specWizard';
import { startLocalAgent } from './localAgent';
import { JobLogs } from './logs';
import { registerPolicies } from './policies/policies';
import { Session } from './session';
import { readSettings } from './settings';
import { ClusterStatusBar } from './statusBar';
import { CheckpointsTreeProvider, type CheckpointsElement } from './views/checkpointsTree';
import { ClusterTreeProvider, type ClusterElement } from './views/clusterTree';
import { JobNode, JobsTreeProvider, type JobsElement } from './views/jobsTree';
import { ViewRefresher } from './views/refresher';
import { registerWalkthrough } from './walkthrough';

/** What the extension exports: used by its tests and benchmarks, and by other parts of OpenClaw (webview hosts). */
export interface OpenClawApi {
  readonly session: Session;
  readonly views: {
    readonly jobs: {
      provider: JobsTreeProvider;
      view: vscode.TreeView<JobsElement>;
      /** Selects a job's row: for code bundled apart (panel hosts), whose JobNode class is another copy. */
      revealJob(job: JobRecord): Thenable<void>;
    };
    readonly cluster: { provider: ClusterTreeProvider; view: vscode.TreeView<ClusterElement> };
    readonly checkpoints: { provider: CheckpointsTreeProvider; view: vscode.TreeView<CheckpointsElement> };
  };
  readonly statusBar: ClusterStatusBar;
  readonly launcher: Launcher;
  readonly problems: SpecProblems;
  readonly logs: JobLogs;
  /** Milliseconds spent in activate(). */
  readonly activationMs: number;
}

export function activateOpenClaw(context: vscode.ExtensionContext): OpenClawApi {
  const started = performance.now();
  const session = new Session(controllerFactory(context));
  const logs = new JobLogs();
  const problems = new SpecProblems();
  const launcher = new Launcher(session, problems);
  const delay = () => readSettings().refreshDelayMs;

  const jobs = new JobsTreeProvider(session);
  const jobsView = vscode.window.createTreeView('openclaw.jobs', { treeDataProvider: jobs, showCollapseAll: true, canSelectMany: true });
  const cluster = new ClusterTreeProvider(session);
  const clusterView = vscode.window.createTreeView('openclaw.cluster', { treeDataProvider: cluster, showCollapseAll: true });
  const checkpoints = new CheckpointsTreeProvider(session);
  const checkpointsView = vscode.window.createTreeView('openclaw.checkpoints', { treeDataProvider: checkpoints, canSelectMany: true });
  const refreshers = {
    jobs: new ViewRefresher(jobsView, () => jobs.refresh(), delay),
    cluster: new ViewRefresher(clusterView, () => cluster.refresh(), delay),
    checkpoints: new ViewRefresher(checkpointsView, () => checkpoints.refresh(), delay),
  };
  const refreshAll = () => {
    refreshers.jobs.now();
    refreshers.cluster.now();
    refreshers.checkpoints.now();
  };
  const statusBar = new ClusterStatusBar(session);
  const lenses = new LaunchCodeLensProvider(session);

  context.subscriptions.push(
    lenses,
    session,
    logs,
    problems,
    launcher,
    jobsView,
    clusterView,
    checkpointsView,
    ...Object.values(refreshers),
    statusBar,
    session.onDidChange((change) => {
      if (change.kind === 'job' || change.kind === 'job-removed') {
        refreshers.jobs.markDirty();
        refreshers.cluster.markDirty();
        if (change.kind === 'job-removed' || change.job.lastCheckpoint || change.job.spec.checkpoint) refreshers.checkpoints.markDirty();
        if (change.kind === 'job' && change.job.state === 'failed' && launcher.launched.has(change.job.id)) {
          launcher.launched.delete(change.job.id);
          notifyFailure(change.job.id, change.job.spec.name, change.job.error, !!change.job.specPath);
        }
      } else if (change.kind === 'cluster') {
        refreshers.cluster.markDirty();
      }
    }),
    session.onDidChangeConnection(() => {
      logs.stopAll();
      refreshAll();
      jobsView.message = undefined;
    }),
    launcher.onDidLaunch((job) => {
      refreshers.jobs.now();
      if (jobsView.visible) {
        setTimeout(() => void jobsView.reveal(new JobNode(job), { select: true, focus: false }).then(undefined, () => undefined), readSettings().refreshDelayMs + 50);
      }
    }),
    vscode.languages.registerCodeLensProvider([{ language: 'python', scheme: 'file' }, { pattern: '**/*.claw.{yaml,yml}', scheme: 'file' }], lenses),
    vscode.commands.registerCommand('openclaw.startSimulator', (preset?: string) => startSimulator(session, preset)),
    vscode.commands.registerCommand('openclaw.selectCluster', (arg?: vscode.Uri | string) => selectCluster(session, arg)),
    vscode.commands.registerCommand('openclaw.disconnect', () => session.disconnect()),
    vscode.commands.registerCommand('openclaw.startLocalAgent', () => startLocalAgent(context, session)),
    vscode.commands.registerCommand('openclaw.launchFile', (uri?: vscode.Uri) => launcher.launchFile(uri)),
    vscode.commands.registerCommand('openclaw.launchJob', (uri?: vscode.Uri) => launchJob(launcher, uri)),
    vscode.commands.registerCommand('openclaw.createSpec', async (uri?: vscode.Uri) => {
      const script = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!script?.path.endsWith('.py')) {
        void vscode.window.showInformationMessage('Open a Python training script to write a job spec for it.');
        return undefined;
      }
      const spec = await createSpecFor(script);
      if (spec) await vscode.window.showTextDocument(spec, { preview: false });
      return spec;
    }),
    vscode.commands.registerCommand('openclaw.refresh', refreshAll),
    ...registerJobCommands(session, logs),
    ...registerCheckpointCommands(session, () => refreshers.checkpoints.now()),
    ...registerPolicies(context),
    registerWalkthrough(context, session),
  );

  // Connect to the configured cluster in the background: activation does not wait for it.
  const initial = parseChoice(readSettings().defaultCluster);
  if (initial) setTimeout(() => void connectTo(session, initial), 0);
  void vscode.commands.executeCommand('setContext', 'openclaw.connected', false);
  if (readSettings().showSidebarOnStartup) void vscode.commands.executeCommand('workbench.view.extension.openclaw');

  const api: OpenClawApi = {
    session,
    views: {
      jobs: {
        provider: jobs,
        view: jobsView,
        revealJob: async (job) => {
          // reveal() selects a row of a hidden view without showing it: bring the OpenClaw sidebar up first.
          if (!jobsView.visible) await vscode.commands.executeCommand('workbench.view.extension.openclaw');
          // A hidden view is not redrawn: its snapshot may still hold the job in an older state's group.
          jobs.refresh();
          await jobsView.reveal(new JobNode(job), { select: true, focus: false });
        },
      },
      cluster: { provider: cluster, view: clusterView },
      checkpoints: { provider: checkpoints, view: checkpointsView },
    },
    statusBar,
    launcher,
    problems,
    logs,
    activationMs: performance.now() - started,
  };
  return api;
}

/** The Jobs view's "+": the given or active file, else a pick among the workspace's specs. */
async function launchJob(launcher: Launcher, uri?: vscode.Uri): Promise<unknown> {
  const active = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (active && (/\.claw\.ya?ml$/.test(active.path) || active.path.endsWith('.py'))) return launcher.launchFile(active);
  const specs = await vscode.workspace.findFiles('**/*.{claw.yaml,claw.yml}', '**/node_modules/**', 500);
  if (specs.length === 0) {
    void vscode.window.showInformationMessage('No *.claw.yaml job spec in this workspace. Open a training script and click "Launch with OpenClaw" above its main block to write one.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    specs.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })).sort((a, b) => a.label.localeCompare(b.label)),
    { title: 'OpenClaw: Launch Job', placeHolder: 'Which job spec?' },
  );
  return picked ? launcher.launchSpec(picked.uri) : undefined;
}

function notifyFailure(jobId: string, name: string, error: string | undefined, hasSpec: boolean): void {
  const actions = hasSpec ? ['Show Logs', 'Open Spec'] : ['Show Logs'];
  void vscode.window.showErrorMessage(`OpenClaw: ${name} (${jobId}) failed${error ? `: ${error}` : ''}`, ...actions).then((a) => {
    if (a === 'Show Logs') void vscode.commands.executeCommand('openclaw.job.showLogs', jobId);
    if (a === 'Open Spec') void vscode.commands.executeCommand('openclaw.job.openSpec', jobId);
  });
}
