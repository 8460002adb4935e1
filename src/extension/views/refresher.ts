/**
 * Event-driven refresh for one tree view: changes mark it dirty; a visible view redraws after a short
 * debounce, a hidden one only when it becomes visible again. So a busy cluster costs nothing while
 * the sidebar is closed, and a burst of events redraws once.
 */
import * as vscode from 'vscode';

export class ViewRefresher implements vscode.Disposable {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly redraw: () => void,
    private readonly delayMs: () => number,
  ) {
    this.subscription = view.onDidChangeVisibility((e) => {
      if (e.visible && this.dirty) this.schedule(0);
    });
  }

  /** Something the view shows changed. */
  markDirty(): void {
    this.dirty = true;
    if (this.view.visible) this.schedule(this.delayMs());
  }

  /** Redraws now (an explicit Refresh, or a new connection). */
  now(): void {
    this.dirty = true;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.dirty) return;
      this.dirty = false;
      this.redraw();
    }, ms);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
  }
}
