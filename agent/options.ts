// The agent's start options, checked before anything listens: loopback unless TLS and a token.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { isLoopback, parseHostPort } from '../src/core/listen-address';
import { posixMode, tokenFromFile } from '../src/core/token-file';
import { checkTokenStrength, newToken } from './auth';
import { DEFAULT_LEASE_GRACE_MS } from './leases';

export interface AgentArgs {
  /** HOST:PORT; port 0 picks a free one. */
  listen: string;
  workdir: string;
  tokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  /** Node name reported to the manager (default: the host name). */
  name?: string;
  /** A checkpoint modified more recently than this is reported incomplete (ms, default 2000). */
  checkpointSettleMs?: number;
  /** How long a manager's job leases outlive its last heartbeat or call (ms, default 60 s). */
  leaseGraceMs?: number;
}

export interface AgentConfig {
  host: string;
  port: number;
  workdir: string;
  token: string;
  /** Where the token was read from or written to. */
  tokenPath: string;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  name: string;
  checkpointSettleMs: number;
  leaseGraceMs: number;
}

/** A start refused because of its options; the CLI prints the message and exits with 2. */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefused';
  }
}

export { isLoopback };

export function parseListen(listen: string): { host: string; port: number } {
  const parsed = parseHostPort(listen);
  if (!parsed) throw new StartRefused(`--listen "${listen}": expected HOST:PORT, e.g. 127.0.0.1:7101`);
  return parsed;
}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new StartRefused(`${what} ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

export function resolveConfig(args: AgentArgs): AgentConfig {
  const { host, port } = parseListen(args.listen);
  const workdir = resolve(args.workdir);
  if ((args.tlsCert === undefined) !== (args.tlsKey === undefined)) throw new StartRefused('--tls-cert and --tls-key go together: give both or neither');
  if (args.tlsCa && !args.tlsCert) throw new StartRefused('--tls-ca needs --tls-cert and --tls-key');
  if (!isLoopback(host) && !(args.tlsCert && args.tokenFile)) {
    throw new StartRefused(
      `refusing to listen on ${host}: a non-loopback address needs both TLS (--tls-cert, --tls-key) and a token (--token-file); ` +
        'listen on 127.0.0.1 or give both',
    );
  }
  // Rank logs and records are the owner's only (folders created here and below are 0700).
  mkdirSync(workdir, { recursive: true, mode: 0o700 });
  let token: string;
  let tokenPath: string;
  if (args.tokenFile) {
    tokenPath = resolve(args.tokenFile);
    try {
      const st = statSync(tokenPath);
      token = tokenFromFile(tokenPath, { isFile: st.isFile(), size: st.size, mode: posixMode(st.mode) }, () => readFileSync(tokenPath, 'utf8'));
      checkTokenStrength(token, tokenPath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new StartRefused(code === 'ENOENT' ? `--token-file ${tokenPath}: no such file` : `--token-file ${(err as Error).message}`);
    }
  } else {
    // No token given: make one (loopback only, see above) so that every call is still checked.
    tokenPath = join(workdir, 'token');
    token = existsSync(tokenPath) ? readFileSync(tokenPath, 'utf8').trim() : '';
    if (token.length < 32) {
      token = newToken();
      writeFileSync(tokenPath, `${token}\n`, { mode: 0o600 });
    }
    chmodSync(tokenPath, 0o600);
  }
  const tls = args.tlsCert && args.tlsKey
    ? { cert: readFile(resolve(args.tlsCert), '--tls-cert'), key: readFile(resolve(args.tlsKey), '--tls-key'), ...(args.tlsCa ? { ca: readFile(resolve(args.tlsCa), '--tls-ca') } : {}) }
    : undefined;
  return { host, port, workdir, token, tokenPath, tls, name: args.name || hostname(), checkpointSettleMs: args.checkpointSettleMs ?? 2_000, leaseGraceMs: args.leaseGraceMs ?? DEFAULT_LEASE_GRACE_MS };
}
