/**
 * What reads a user's policy file (sucrase compiles it, acorn checks its code): dist/cli-policy-compilers.js,
 * which `openclaw sim` (dist/cli-sim.js) loads only for a policy file, not for a built-in policy.
 */
export { transform } from 'sucrase/dist/esm/index.js';
export { parse } from 'acorn';
