/**
 * The HTML of every panel: one nonce'd script, codicons, and a strict Content Security Policy.
 * No `vscode` import here, so the Chromium tests build the very same page.
 */

export interface PageOptions {
  title: string;
  /** The webview's `cspSource` (where local resources are served from). */
  cspSource: string;
  /** URI of dist/webview/<panel>.js as the webview sees it. */
  scriptUri: string;
  /** URI of dist/webview/codicon.css as the webview sees it. */
  codiconUri: string;
  nonce: string;
  /**
   * What the panel shows (a job id, a report's files): the page keeps it in its saved state, so
   * that the panel's serializer can open the same thing after a window reload.
   */
  subject?: unknown;
}

/** 128 random bits as hex: a fresh one for every page. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
  ].join('; ');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function pageHtml(o: PageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${o.nonce}" href="${escapeAttr(o.codiconUri)}" id="vscode-codicon-stylesheet">
<title>${escapeAttr(o.title)}</title>
</head>
<body${o.subject === undefined ? '' : ` data-panel-subject="${escapeAttr(JSON.stringify(o.subject))}"`}>
<script nonce="${o.nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>`;
}

/** A page with no script that says why the panel has nothing to show (what it showed is gone). */
export function messageHtml(o: Pick<PageOptions, 'title' | 'cspSource' | 'nonce'> & { message: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<title>${escapeAttr(o.title)}</title>
<style nonce="${o.nonce}">body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 16px; }</style>
</head>
<body>
<p class="panel-unavailable">${escapeAttr(o.message)}</p>
</body>
</html>`;
}
