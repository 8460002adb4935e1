/**
 * Runs Slurm's commands where the cluster is: locally (VS Code on the login node) or on a login node
 * through the system `ssh` with the user's own config and keys. Commands are argv arrays; over SSH
 * each argument is quoted for the remote shell, so no user text is ever parsed as shell code.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { shellLine } from '../../../core/shell-words';

export { shQuote } from '../../../core/shell-words';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Bytes or a stream fed to the command's stdin. */
  input?: string | Buffer | Readable;
  /** Default 120 s (none when streaming a file in): a login node that stops answering never hangs the poll. */
  timeoutMs?: number;
  /** Keep stdout as bytes (file reads), returned in `stdoutBytes`. */
  binary?: boolean;
}

export interface Shell {
  /** Where commands run, for messages: "local" or the SSH host. */
  readonly where: string;
  readonly remote: boolean;
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult & { stdoutBytes?: Buffer }>;
  /** Releases what the shell holds open (an SSH master connection). */
  close?(): Promise<void>;
}

/** The remote command line ssh sends: every argument quoted. */
export const remoteCommandLine = shellLine;

function execute(cmd: string, args: readonly string[], options: RunOptions): Promise<CommandResult & { stdoutBytes?: Buffer }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const streaming = options.input !== undefined && typeof options.input !== 'string' && !Buffer.isBuffer(options.input);
    const timeoutMs = options.timeoutMs ?? (streaming ? undefined : 120_000);
    if (timeoutMs) {
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
    }
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      const what = e.code === 'ENOENT' ? `${cmd}: command not found` : `${cmd}: ${e.message}`;
      resolve({ code: 127, stdout: '', stderr: what });
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      let stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) stderr += `\n${cmd}: timed out after ${timeoutMs} ms`;
      const result: CommandResult & { stdoutBytes?: Buffer } = {
        code: code ?? (signal ? 128 : 1),
        stdout: options.binary ? '' : stdoutBytes.toString('utf8'),
        stderr,
      };
      if (options.binary) result.stdoutBytes = stdoutBytes;
      resolve(result);
    });
    child.stdin.on('error', () => undefined);
    const input = options.input;
    if (input === undefined) child.stdin.end();
    else if (typeof input === 'string' || Buffer.isBuffer(input)) child.stdin.end(input);
    else input.pipe(child.stdin);
  });
}

export class LocalShell implements Shell {
  readonly where = 'local';
  readonly remote = false;
  run(argv: readonly string[], options: RunOptions = {}) {
    const [cmd, ...args] = argv;
    if (cmd === undefined) throw new Error('empty command');
    return execute(cmd, args, options);
  }
}

export class SshShell implements Shell {
  readonly remote = true;
  constructor(
    readonly where: string,
    /** Extra ssh options, e.g. a ControlPath so that polling reuses one connection. */
    private readonly sshOptions: readonly string[] = [],
  ) {
    if (!/^[A-Za-z0-9_.@:[\]-]+$/.test(where) || where.startsWith('-')) {
      throw new Error(`ssh: expected a host name from your SSH config, got ${JSON.stringify(where)}`);
    }
  }
  run(argv: readonly string[], options: RunOptions = {}) {
    if (argv.length === 0) throw new Error('empty command');
    return execute('ssh', [...this.argsFor(argv)], options);
  }
  /** Ends a shared connection (ControlMaster) if one was opened. */
  async close(): Promise<void> {
    if (!this.sshOptions.some((o) => o.startsWith('ControlPath='))) return;
    await execute('ssh', ['-O', 'exit', ...this.sshOptions, this.where], { timeoutMs: 5000 });
  }
  /** The argv of the local `ssh` process that runs `argv` on the host. */
  argsFor(argv: readonly string[]): string[] {
    return ['-o', 'BatchMode=yes', ...this.sshOptions, this.where, '--', remoteCommandLine(argv)];
  }
}

/** Connection sharing so that polling does not open a new SSH connection every few seconds. */
export function defaultSshOptions(controlDir: string): string[] {
  return ['-o', 'ControlMaster=auto', '-o', `ControlPath=${controlDir}/%C`, '-o', 'ControlPersist=60'];
}

/** The first line of a failed command's stderr, for messages. */
export function firstError(result: CommandResult): string {
  const lines = result.stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  // sbatch prints a detail line, then "Batch job submission failed: ..."; the last says what failed.
  const failed = lines.find((l) => /submission failed|error:/i.test(l) && /failed/i.test(l));
  return failed ?? lines[lines.length - 1] ?? `exit code ${result.code}`;
}
