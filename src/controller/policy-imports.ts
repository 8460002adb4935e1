/**
 * What a policy file may import and be made of: shared by the policy loader and by the editor support
 * (which finds policy files by their import of the API, and maps its names to the shipped types).
 * Kept apart from the loader so the extension's first bundle does not pull in the compiler.
 */

/** Module names a policy file may import; everything else must be its own files. */
export const PUBLIC_MODULES: readonly string[] = ['openclaw/policy', 'openclaw'];
/** Extensions of the files a policy may consist of, tried in this order when an import names none. */
export const POLICY_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
