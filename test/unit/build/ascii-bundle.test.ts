/**
 * The CLI's bundles are kept ASCII (read at every start as one byte a character): what esbuild
 * leaves in comments is replaced code unit for code unit, so source maps stay right; anything
 * else fails the build and names its line.
 */
import assert from 'node:assert/strict';
// @ts-expect-error: a build script in plain JavaScript, without declarations
import { asciiComments } from '../../../scripts/ascii-bundle.mjs';

const ascii = asciiComments as (text: string, file: string) => string;

describe('build/ASCII bundles', () => {
  it('replaces non-ASCII characters in comments, one for one, and leaves the code as it was', () => {
    const text = 'const a = 1; // at most +∞\n/** a × b, 😀 */\nconst b = "x";\n';
    const out = ascii(text, 'bundle.js');
    assert.equal(out, 'const a = 1; // at most +?\n/** a ? b, ?? */\nconst b = "x";\n');
    assert.equal(out.length, text.length);
    assert.equal(ascii('const plain = 1;\n', 'bundle.js'), 'const plain = 1;\n');
  });

  it('fails on a non-ASCII character in code, naming the file and line', () => {
    assert.throws(() => ascii('// fine: ∞\nconst bar = /[│|]/;\n', 'dist/cli-sim.js'), /dist\/cli-sim\.js:2: a non-ASCII character outside a comment \(U\+2502\)/);
    assert.throws(() => ascii('const s = String.raw`—`;\n', 'b.js'), /b\.js:1: .*U\+2014/);
  });
});
