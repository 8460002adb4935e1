/**
 * `openclaw serve --cluster FILE --users FILE [--listen HOST:PORT]`: the team's control plane, in
 * the foreground until SIGINT/SIGTERM (systemd's stop); `--check` validates the configuration and
 * exits. `openclaw serve add-user NAME --users FILE` makes a user's token file and their entry.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic-file';
import { LockBusy, withFileLock } from '../io/file-lock';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Document, isSeq, parseDocument } from 'yaml';
import { UsersFile } from '../core/users-file';
import { checkServeConfig, ServeRefused, startControlPlane, type ServeArgs } from '../server/serve';
import { tokenSha256, Users } from '../server/users';
import { reportError, UsageError } from './cli-errors';

type ServeFlags = ServeArgs & { check?: boolean };

export function registerServe(program: Command): void {
  const serve = program
    .command('serve')
    .description("run a team's control plane: one job manager that every member's editor and CLI connect to")
    .requiredOption('-c, --cluster <file>', 'cluster file of what it drives (agents, Slurm or the simulator)')
    .requiredOption('-u, --users <file>', 'users file: names, token hashes, roles, quotas')
    .option('--listen <host:port>', 'address to listen on; only loopback unless TLS is given', '127.0.0.1:7070')
    .option('--state-dir <dir>', 'folder of the journal, logs and reports (default: .openclaw-serve beside the cluster file)')
    .option('--tls-cert <file>', 'TLS certificate (PEM)')
    .option('--tls-key <file>', 'TLS private key (PEM)')
    .option('--check', 'check the configuration and exit')
    .action(async (flags: ServeFlags) => {
      const { check: _check, ...args } = flags;
      try {
        if (flags.check) {
          const c = checkServeConfig(args);
          process.stdout.write(`configuration is valid: ${c.cluster.backend} backend, ${c.users.size} user${c.users.size === 1 ? '' : 's'}, listening on ${c.host}:${c.port}${c.tls ? ' with TLS' : ''}, state in ${c.stateDir}\n`);
          return;
        }
        const running = await startControlPlane(args);
        process.stderr.write(`openclaw: control plane ${running.identity} listening on ${running.address} (${running.controller.backendKind} backend)\n`);
        let stopping = false;
        const stop = () => {
          if (stopping) process.exit(130);
          stopping = true;
          process.stderr.write('openclaw: stopping the control plane; running jobs keep running and are re-attached at the next start\n');
          void running.close().then(() => process.exit(0));
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      } catch (err) {
        process.exitCode = err instanceof ServeRefused ? (process.stderr.write(`openclaw: ${err.message}\n`), 2) : reportError(err);
      }
    });

  serve
    .command('add-user')
    .description("add a user: writes their token file (owner-only) and their entry in the users file")
    .argument('<name>', 'user name')
    .requiredOption('-u, --users <file>', 'users file (made if missing)')
    .option('--role <role>', 'user or admin', 'user')
    .option('--devices <n>', 'quota: devices held at once', (v) => Number(v))
    .option('--device-hours <n>', 'quota: device-hours a week', (v) => Number(v))
    .option('--token-file <file>', 'where to write the token (default: NAME.token beside the users file)')
    .action((name: string, flags: { users: string; role: string; devices?: number; deviceHours?: number; tokenFile?: string }) => {
      try {
        process.stdout.write(addUser(name, flags) + '\n');
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}

function addUser(name: string, flags: { users: string; role: string; devices?: number; deviceHours?: number; tokenFile?: string }): string {
  // Read, changed and written back under the file's lock: two admins adding users at once both land.
  try {
    return withFileLock(resolve(flags.users), () => addUserLocked(name, flags));
  } catch (err) {
    if (err instanceof LockBusy) throw new UsageError(`--users: ${err.message}`);
    throw err;
  }
}

function addUserLocked(name: string, flags: { users: string; role: string; devices?: number; deviceHours?: number; tokenFile?: string }): string {
  const path = resolve(flags.users);
  if (existsSync(path)) Users.load(path);
  const doc = existsSync(path) ? parseDocument(readFileSync(path, 'utf8')) : new Document({ users: [] });
  const list = doc.get('users');
  // A list written `users: []` would stay on one line.
  if (isSeq(list)) list.flow = false;
  const token = randomBytes(32).toString('hex');
  const quota = { ...(flags.devices !== undefined && { devices: flags.devices }), ...(flags.deviceHours !== undefined && { deviceHoursPerWeek: flags.deviceHours }) };
  const entry = { name, tokenSha256: tokenSha256(token), role: flags.role, ...(Object.keys(quota).length > 0 && { quota }) };
  doc.addIn(['users'], doc.createNode(entry));
  const checked = UsersFile.safeParse(doc.toJS());
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UsageError(`${issue.path.slice(2).join('.') || 'user'}: ${issue.message}`);
  }
  const tokenFile = resolve(flags.tokenFile ?? resolve(path, '..', `${name}.token`));
  if (existsSync(tokenFile)) throw new UsageError(`--token-file: ${tokenFile} exists; remove it or name another`);
  // The token first, exclusively (never over another's); the users file replaced whole, so that a
  // crash leaves the old file or the new one, which a running control plane may read at any moment.
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
  writeFileAtomic(path, doc.toString(), 0o600);
  return `added ${name} (${flags.role}) to ${path}; their token is in ${tokenFile}: give it to them, and point their cluster file's tokenFile at it`;
}
