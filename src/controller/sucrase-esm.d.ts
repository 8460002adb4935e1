// The ES-module build of sucrase (policy-modules.ts imports it by path) has the package's own types.
declare module 'sucrase/dist/esm/index.js' {
  export * from 'sucrase';
}
