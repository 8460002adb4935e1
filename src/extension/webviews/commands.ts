/**
 * The panels' commands. Their hosts import the zod protocols, the report and replay models and the
 * simulator's presets: most of the extension's code. So activation registers light stubs here, and
 * the hosts, bundled apart as dist/extension-webviews.js, load on the first panel command.
 */
import * as vscode from 'vscode';
import type { OpenClawApi } from '../activation';
import { loadBundle } from '../runtime';
import { PANEL_COMMANDS, type CommandHandler } from './panel-commands';

export type PanelsBundle = typeof import('../../entries/extension-webviews');

export function registerPanelCommands(context: vscode.ExtensionContext, api: OpenClawApi): void {
  const handlers = new Map<string, CommandHandler>();
  let loaded = false;
  const load = (): void => {
    if (loaded) return;
    loaded = true;
    const bundle = loadBundle<PanelsBundle>('extension-webviews', '../entries/extension-webviews');
    bundle.registerPanels(context, api, {
      register(id: string, handler: CommandHandler) {
        handlers.set(id, handler);
        return { dispose: () => handlers.delete(id) };
      },
    });
  };
  for (const id of PANEL_COMMANDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        load();
        const handler = handlers.get(id);
        if (!handler) throw new Error(`OpenClaw: no panel host handles ${id}`);
        return handler(...args);
      }),
    );
  }
}
