/**
 * The panels' commands. Their hosts import the zod protocols, the report and replay models and the
 * simulator's presets: most of the extension's code. So activation registers light stubs here, and
 * the hosts, bundled apart as dist/extension-webviews.js, load on the first panel command.
 */
import * as vscode from 'vscode';
import type { OpenClawApi } from '../activation';
import { loadBundle } from '../runtime';
import { subjectOfState } from '../../protocol/common';
import { PANEL_COMMANDS, PANEL_VIEW_TYPES, type CommandHandler, type PanelRestorer } from './panel-commands';

export type PanelsBundle = typeof import('../../entries/extension-webviews');

export function registerPanelCommands(context: vscode.ExtensionContext, api: OpenClawApi): void {
  const handlers = new Map<string, CommandHandler>();
  const restorers = new Map<string, PanelRestorer>();
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
      restore(viewType: string, restorer: PanelRestorer) {
        restorers.set(viewType, restorer);
        return { dispose: () => restorers.delete(viewType) };
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
  // After a window reload VS Code asks for each panel that was open; its host reopens the same subject.
  for (const viewType of Object.values(PANEL_VIEW_TYPES)) {
    context.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(viewType, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          load();
          const restorer = restorers.get(viewType);
          if (!restorer) throw new Error(`OpenClaw: no panel host restores ${viewType}`);
          await restorer(panel, subjectOfState(state));
        },
      }),
    );
  }
}
