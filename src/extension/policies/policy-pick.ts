/** QuickPick items for choosing built-in policies, each with its one-line description. */
import type * as vscode from 'vscode';
import { builtinPolicies } from '../../scheduler/policies';

export interface PolicyPickItem extends vscode.QuickPickItem {
  readonly name: string;
}

/** One item per built-in policy; those named in `picked` start selected (in a multi-select pick). */
export function builtinPolicyItems(picked: readonly string[] = []): PolicyPickItem[] {
  return builtinPolicies().map(({ name, description }) => ({ label: name, name, detail: description, picked: picked.includes(name) }));
}
