/**
 * Workspace Trust: an untrusted workspace may browse clusters and simulate with the built-in
 * policies; launching jobs and loading policies from the workspace run its code, so they need trust.
 */
import * as vscode from 'vscode';

/** True when trusted; otherwise says what was refused and offers to manage trust. */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(`OpenClaw can't ${what} in Restricted Mode: it would run code from this workspace.`, 'Manage Workspace Trust')
    .then((a) => {
      if (a) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

const BUILT_IN_POLICY = /^[a-z][a-z0-9-]*$/;

/** A cluster file's policy, or the built-in default when it names workspace code and trust is missing. */
export function policyAllowed(policy: string | undefined): boolean {
  return policy === undefined || BUILT_IN_POLICY.test(policy) || vscode.workspace.isTrusted;
}
