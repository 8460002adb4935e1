/** Styles shared by the panels: VS Code's theme variables, nothing hard-coded. */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
    box-sizing: border-box;
  }
  *, *::before, *::after { box-sizing: inherit; }
  .toolbar {
    display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center;
    padding: 6px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent);
  }
  .toolbar label { display: inline-flex; gap: 6px; align-items: center; }
  .muted { color: var(--vscode-descriptionForeground); }
  .tooltip {
    position: fixed; pointer-events: none; z-index: 10; max-width: 360px;
    background: var(--vscode-editorHoverWidget-background);
    color: var(--vscode-editorHoverWidget-foreground, var(--vscode-foreground));
    border: 1px solid var(--vscode-editorHoverWidget-border);
    padding: 4px 8px; border-radius: 3px; line-height: 1.5; white-space: nowrap;
  }
  table { border-collapse: collapse; }
  th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  th { font-weight: 600; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  h2 { font-size: 1.1em; font-weight: 600; margin: 14px 0 6px; }
  a { color: var(--vscode-textLink-foreground); cursor: pointer; }
  a:hover { color: var(--vscode-textLink-activeForeground); }
  .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; vertical-align: middle; }
`;

/** Installs a stylesheet on the document without an inline <style> (the CSP allows none). */
export function adoptDocumentStyles(cssText: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
