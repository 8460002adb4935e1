// The CLI's bundles are read at every start (src/cli/code-cache.ts). Text of ASCII alone reads as
// one byte a character; a single other character anywhere makes Node decode all 1.1 MB as UTF-8
// and V8 hold it at two bytes a character, about 9 ms more of each `openclaw sim`. esbuild writes
// strings and regular expressions in ASCII (its default charset) but leaves comments as they are:
// this plugin replaces what is left in comments, code unit for code unit (source maps stay right),
// and fails the build if any such character is outside a comment.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tokenizer } from 'acorn';

/** The JavaScript text with each non-ASCII code unit inside a comment replaced by "?"; throws naming one found elsewhere. */
export function asciiComments(text, file) {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return text;
  const comments = [];
  const tokens = tokenizer(text, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true, allowReturnOutsideFunction: true, onComment: (_block, _text, start, end) => comments.push([start, end]) });
  // Read to the end only for the comments it finds on the way.
  for (const _token of tokens) continue;
  const out = text.split('');
  let c = 0;
  for (let i = 0; i < out.length; i++) {
    if (text.charCodeAt(i) < 0x80) continue;
    while (c < comments.length && comments[c][1] <= i) c++;
    if (c < comments.length && comments[c][0] <= i) {
      out[i] = '?';
      continue;
    }
    const line = text.slice(0, i).split('\n').length;
    throw new Error(`${file}:${line}: a non-ASCII character outside a comment (U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}); write it as an escape (\\u...) so that the bundle stays ASCII`);
  }
  return out.join('');
}

/** An esbuild plugin (for an entry built with `write: false`): writes the outputs, JavaScript through asciiComments. */
export const asciiBundle = {
  name: 'ascii-bundle',
  setup(build) {
    build.onEnd((result) => {
      for (const f of result.outputFiles ?? []) {
        mkdirSync(dirname(f.path), { recursive: true });
        writeFileSync(f.path, f.path.endsWith('.js') ? asciiComments(f.text, f.path) : f.contents);
      }
    });
  },
};
