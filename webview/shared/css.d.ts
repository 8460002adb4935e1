/** CSS files are bundled as text (esbuild's text loader) and adopted as stylesheets. */
declare module '*.css' {
  const text: string;
  export default text;
}
