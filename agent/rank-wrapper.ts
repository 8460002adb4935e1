// Every rank runs under a tiny Node wrapper that records how the rank ended in a file beside its
// record, so that an agent restarted while the rank ran (and so not its parent) still learns the
// real exit code instead of reporting the rank lost. Started with an argv array, never a shell.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The wrapper, run as `node -e WRAPPER <status file> <argv...>`. It leads the rank's process group,
 * so a signal to the group reaches the rank itself; the wrapper ignores the catchable ones and
 * waits for the rank to end, writes {code, signal} (atomically), and ends the same way.
 */
const WRAPPER = `
const { spawn } = require('node:child_process');
const { renameSync, writeFileSync } = require('node:fs');
const [statusPath, cmd, ...args] = process.argv.slice(1);
const record = (code, signal) => {
  const tmp = statusPath + '.tmp';
  writeFileSync(tmp, JSON.stringify({ code, signal }), { mode: 0o600 });
  renameSync(tmp, statusPath);
};
for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT']) process.on(s, () => {});
const child = spawn(cmd, args, { stdio: 'inherit' });
child.once('error', () => {
  process.stderr.write('openclaw agent: cannot start ' + JSON.stringify(cmd) + ': not found or not executable\\n');
  record(127, null);
  process.exit(127);
});
child.once('exit', (code, signal) => {
  record(code, signal);
  if (signal) {
    process.removeAllListeners(signal);
    try { process.kill(process.pid, signal); } catch {}
    setTimeout(() => process.exit(128), 1000);
  } else process.exit(code ?? 1);
});
`;

/** The argv that starts `argv` under the wrapper, recording its end in `statusPath`. */
export function wrappedArgv(argv: readonly string[], statusPath: string): string[] {
  return [process.execPath, '-e', WRAPPER, statusPath, ...argv];
}

export interface RecordedExit {
  code: number | null;
  signal: string | null;
}

/** How a rank ended, as its wrapper recorded it; undefined when it left no record (killed with the wrapper). */
export function readRecordedExit(statusPath: string): RecordedExit | undefined {
  try {
    const v = JSON.parse(readFileSync(statusPath, 'utf8')) as Partial<RecordedExit>;
    const code = typeof v.code === 'number' ? v.code : null;
    const signal = typeof v.signal === 'string' ? v.signal : null;
    return code === null && signal === null ? undefined : { code, signal };
  } catch {
    return undefined;
  }
}

/** Whether `cmd` names an executable file, looked up as execvp does (PATH unless it has a "/"). */
export function isExecutable(cmd: string, cwd: string, path: string | undefined): boolean {
  const candidates = cmd.includes('/') ? [resolve(cwd, cmd)] : (path ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter(Boolean).map((d) => join(resolve(cwd, d), cmd));
  return candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
}
