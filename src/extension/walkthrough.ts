/**
 * The Getting Started walkthrough: opened once, the first time OpenClaw starts in a profile, and its
 * steps ticked by what the user actually did (a job in the Jobs view, a real job running), whichever
 * way they did it: the walkthrough's buttons, a CodeLens, the CLI's journal, a cluster picked by hand.
 */
import * as vscode from 'vscode';
import type { Session } from './session';

export const WALKTHROUGH_ID = 'openclaw.openclaw#openclaw.gettingStarted';
const SHOWN_KEY = 'openclaw.walkthroughShown';

export function registerWalkthrough(context: vscode.ExtensionContext, session: Session): vscode.Disposable {
  // Not under the extension's own tests: each test window is a first start.
  if (context.extensionMode !== vscode.ExtensionMode.Test && !context.globalState.get<boolean>(SHOWN_KEY)) {
    void context.globalState.update(SHOWN_KEY, true);
    void vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  }
  let hasJobs = false;
  let realJobRan = false;
  const check = () => {
    const controller = session.controller;
    if (!controller) return;
    if (!hasJobs && controller.jobs().length > 0) {
      hasJobs = true;
      void vscode.commands.executeCommand('setContext', 'openclaw.hasJobs', true);
    }
  };
  return vscode.Disposable.from(
    session.onDidChangeConnection(check),
    session.onDidChange((change) => {
      if (change.kind !== 'job') return;
      check();
      // A real job: one that ran processes on an agent or under Slurm, not in the simulator.
      if (!realJobRan && change.job.backend !== 'simulator' && (change.job.state === 'running' || change.job.state === 'succeeded')) {
        realJobRan = true;
        void vscode.commands.executeCommand('setContext', 'openclaw.realJobRan', true);
      }
    }),
  );
}
