/**
 * One webview panel with a typed protocol: the page's bundle from dist/webview under a strict CSP,
 * local resources limited to dist/webview and media, every incoming message parsed by zod, and
 * nothing posted before the page's `ready` (the page sends `ready` again after a reload, and the
 * host then sends its state again).
 */
import * as vscode from 'vscode';
import type { z } from 'zod';
import { parseMessage, type SubjectMessage } from '../../protocol/common';
import { makeNonce, messageHtml, pageHtml } from './page-html';

let log: vscode.LogOutputChannel | undefined;
export function webviewLog(): vscode.LogOutputChannel {
  log ??= vscode.window.createOutputChannel('OpenClaw Webviews', { log: true });
  return log;
}

export interface PanelOptions<In> {
  viewType: string;
  title: string;
  /** dist/webview/<bundle>.js */
  bundle: string;
  incoming: z.ZodType<In>;
  /** Keep the page alive while hidden: only where rebuilding it costs the user (big reports). */
  retainContextWhenHidden?: boolean;
  column?: vscode.ViewColumn;
  /** What the panel shows, as its serializer needs it to open the same after a window reload. */
  subject?: unknown;
  /** The panel VS Code kept across a window reload, to show the page in instead of a new one. */
  restoreIn?: vscode.WebviewPanel;
}

function webviewRoots(context: vscode.ExtensionContext): [vscode.Uri, vscode.Uri] {
  return [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')];
}

/** A restored panel whose subject is gone (a job forgotten, a report deleted) says so instead of staying blank. */
export function showUnavailable(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, message: string): void {
  panel.webview.options = { enableScripts: false, localResourceRoots: webviewRoots(context) };
  panel.webview.html = messageHtml({ title: panel.title, cspSource: panel.webview.cspSource, nonce: makeNonce(), message });
}

export class PanelHost<In extends { type: string }, Out extends { type: string }> implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private ready = false;
  private readonly queue: Out[] = [];
  private subject: unknown;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  private readonly messageEmitter = new vscode.EventEmitter<In>();
  /** Fires on every `ready` from the page: send the full state then. */
  readonly onReady = this.readyEmitter.event;
  readonly onMessage = this.messageEmitter.event;
  readonly onDidDispose: vscode.Event<void>;

  constructor(
    context: vscode.ExtensionContext,
    private readonly options: PanelOptions<In>,
  ) {
    const roots = webviewRoots(context);
    this.subject = options.subject;
    if (options.restoreIn) {
      this.panel = options.restoreIn;
      this.panel.title = options.title;
      this.panel.webview.options = { enableScripts: true, localResourceRoots: roots };
    } else {
      this.panel = vscode.window.createWebviewPanel(options.viewType, options.title, options.column ?? vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: roots,
        retainContextWhenHidden: options.retainContextWhenHidden ?? false,
      });
    }
    this.onDidDispose = this.panel.onDidDispose;
    const webview = this.panel.webview;
    webview.html = pageHtml({
      title: options.title,
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(roots[0], `${options.bundle}.js`)).toString(),
      codiconUri: webview.asWebviewUri(vscode.Uri.joinPath(roots[0], 'codicon.css')).toString(),
      nonce: makeNonce(),
      subject: options.subject,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      this.panel.onDidDispose(() => this.dispose()),
      this.readyEmitter,
      this.messageEmitter,
    );
  }

  private receive(data: unknown): void {
    const r = parseMessage(this.options.incoming, data);
    if (!r.ok) {
      webviewLog().warn(`${this.options.viewType}: ignored ${r.error}`);
      return;
    }
    const m = r.message;
    if (m.type === 'ready') {
      this.ready = true;
      if (this.subject !== undefined) void this.panel.webview.postMessage({ type: 'panelSubject', subject: this.subject } satisfies SubjectMessage);
      this.readyEmitter.fire();
      for (const q of this.queue.splice(0)) void this.panel.webview.postMessage(q);
      return;
    }
    if (m.type === 'error') {
      webviewLog().error(`${this.options.viewType}: ${(m as unknown as { message: string }).message}`);
      return;
    }
    this.messageEmitter.fire(m);
  }

  /** Posts now if the page is listening, otherwise once it says ready. */
  post(message: Out): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  /** The panel now shows something else (another job compared, a checkpoint diffed): kept for a reload. */
  setSubject(subject: unknown): void {
    this.subject = subject;
    if (this.ready) void this.panel.webview.postMessage({ type: 'panelSubject', subject } satisfies SubjectMessage);
  }

  /**
   * Where the panel's exports ask for a file: VS Code's save dialog. Tests replace it on the host the
   * panel's command returned (a test window cannot drive the dialog).
   */
  showSaveDialog: (options: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined> = (options) => vscode.window.showSaveDialog(options);

  get isReady(): boolean {
    return this.ready;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    this.ready = false;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
