/**
 * Policy files in the editor: "OpenClaw: New Policy" scaffolds one, and every policy file opened,
 * saved or created in a trusted workspace gets its folder's tsconfig.json pointed at the policy API's
 * shipped declarations, so `openclaw/policy` resolves with types and completions (policy-config.ts).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import * as vscode from 'vscode';
import { POLICY_EXTENSIONS } from '../../controller/policy-imports';
import { ensurePolicyConfig, isPolicySource, type PolicyConfigResult } from './policy-config';
import { POLICY_NAME, policyTemplate } from './template';

export function registerPolicies(context: vscode.ExtensionContext): vscode.Disposable[] {
  const typesFile = join(context.extensionUri.fsPath, 'dist', 'types', 'policy.d.ts');
  // Configs already reported to the user this session: a message once, not on every open.
  const told = new Set<string>();

  const prepare = (doc: vscode.TextDocument): PolicyConfigResult | undefined => {
    if (!vscode.workspace.isTrusted || doc.uri.scheme !== 'file' || !POLICY_EXTENSIONS.includes(extname(doc.uri.fsPath))) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder || !existsSync(typesFile) || !isPolicySource(doc.getText())) return undefined;
    let result: PolicyConfigResult;
    try {
      result = ensurePolicyConfig(doc.uri.fsPath, folder.uri.fsPath, typesFile);
    } catch (err) {
      result = { action: 'manual', config: doc.uri.fsPath, message: `could not write the policy folder's tsconfig.json: ${(err as Error).message}` };
    }
    const shown = vscode.workspace.asRelativePath(result.config);
    if (result.action === 'created' || result.action === 'updated') {
      vscode.window.setStatusBarMessage(`OpenClaw: ${result.action === 'created' ? 'wrote' : 'updated'} ${shown} so that the editor knows "openclaw/policy"`, 8000);
    } else if (result.action === 'manual' && !told.has(result.config)) {
      told.add(result.config);
      void vscode.window.showInformationMessage(`OpenClaw: for types in policy files, ${result.message ?? ''}`);
    }
    return result;
  };

  const prepareOpen = () => {
    for (const doc of vscode.workspace.textDocuments) prepare(doc);
  };
  prepareOpen();

  return [
    vscode.workspace.onDidOpenTextDocument(prepare),
    // A new file gets its import of the API while being written.
    vscode.workspace.onDidSaveTextDocument(prepare),
    vscode.workspace.onDidGrantWorkspaceTrust(prepareOpen),
    vscode.commands.registerCommand('openclaw.newPolicy', (name?: string) => newPolicy(prepare, name)),
  ];
}

/** "OpenClaw: New Policy": writes policies/<name>.ts from the template, opens it, offers to debug it. */
async function newPolicy(prepare: (doc: vscode.TextDocument) => unknown, given?: string): Promise<vscode.Uri | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('OpenClaw: a policy runs as workspace code; trust this workspace first.');
    return undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage('OpenClaw: open a folder first; a new policy is written to its policies/ folder.');
    return undefined;
  }
  const dir = join(folder.uri.fsPath, 'policies');
  const fileOf = (name: string) => join(dir, `${name.replace(/\.ts$/, '')}.ts`);
  const problem = (name: string): string | undefined => {
    const bare = name.trim().replace(/\.ts$/, '');
    if (!POLICY_NAME.test(bare)) return 'Letters, digits, "-", "_" and "." (it names the file and the policy)';
    if (existsSync(fileOf(bare))) return `policies/${bare}.ts exists already`;
    return undefined;
  };
  let name = given;
  if (name === undefined) {
    name = await vscode.window.showInputBox({ title: 'OpenClaw: New Policy', prompt: 'Name of the policy: it is written to policies/<name>.ts', value: 'my-policy', validateInput: problem });
    if (name === undefined) return undefined;
  } else if (problem(name)) {
    void vscode.window.showWarningMessage(`OpenClaw: cannot write policy "${name}": ${problem(name)}.`);
    return undefined;
  }
  name = name.trim().replace(/\.ts$/, '');
  const file = fileOf(name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, policyTemplate(name));
  const uri = vscode.Uri.file(file);
  const doc = await vscode.workspace.openTextDocument(uri);
  prepare(doc);
  await vscode.window.showTextDocument(doc, { preview: false });
  void vscode.window.showInformationMessage(`OpenClaw: wrote policies/${name}.ts, a working policy to start from.`, 'Debug Policy in Simulator').then((action) => {
    if (action) void vscode.commands.executeCommand('openclaw.debugPolicy', uri);
  });
  return uri;
}
