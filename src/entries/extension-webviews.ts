/**
 * The panel hosts, bundled apart as dist/extension-webviews.js and loaded on the first panel command
 * (src/extension/webviews/commands.ts), so that activation does not parse them.
 */
export { registerPanels } from '../extension/webviews/panels';
