/** An argv as a POSIX shell reads it: for SSH's remote command line, batch scripts and showing commands. */

/** Quotes one argument for a POSIX shell: safe for any byte string. */
export function shQuote(arg: string): string {
  if (arg === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Every argument quoted where it needs it, joined by spaces. */
export function shellLine(argv: readonly string[]): string {
  return argv.map(shQuote).join(' ');
}
