/**
 * Event-driven refresh for one tree view: changes mark it dirty; a visible view redraws after a short
 * debounce, a hidden one only when it becomes visible again. So a busy cluster costs nothing while
 * the sidebar is closed, and a burst of events redraws once. Redraws are also spaced by MIN_GAP_MS:
 * VS Code debounces a tree's change events itself (about 200 ms), so a view changed more often than
 * that (a simulator ticks every 100 ms) would otherwise never settle and never repaint.
 */
import * as vscode from 'vscode';

const MIN_GAP_MS = 500;

export class ViewRefresher implements vscode.Disposable {
  private dirty = false;
  private lastRedraw = 0;
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

  /** Redraws now if visible (an explicit Refresh, a launch, a new connection); else when shown. */
  now(): void {
    this.dirty = true;
    if (this.view.visible) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    const wait = Math.max(ms, this.lastRedraw + MIN_GAP_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.dirty) return;
      this.dirty = false;
      this.lastRedraw = Date.now();
      this.redraw();
    }, wait);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
  }
}
