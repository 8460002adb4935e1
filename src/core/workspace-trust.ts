/**
 * Set to 1 in the environment of a process the extension starts for an untrusted workspace (the
 * simulator CLI): no policy file, which is workspace code, runs in it.
 */
export const UNTRUSTED_ENV = 'OPENCLAW_UNTRUSTED_WORKSPACE';
