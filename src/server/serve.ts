/**
 * `openclaw serve`: one job manager for a team, as a service. The same manager, scheduler, journal
 * and backends the extension bundles, hosted behind the control plane's gRPC API, with users from a
 * users file, their quotas held back in scheduling, and nodes an admin can drain. It listens like an
 * agent: on loopback unless TLS is configured (every call carries a user's token either way).
 */
import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Controller } from '../controller/api';
import { createController } from '../controller/factory';
import { managerIdentity } from '../controller/manager-identity';
import { loadPolicyFile } from '../controller/policy-loader';
import { loadClusterFile } from '../controller/spec-loader';
import { policyOf, type ClusterFile } from '../core/cluster-file';
import { isLoopback, parseHostPort } from '../core/listen-address';
import { heldByQuota } from '../core/quotas';
import type { JobSpec } from '../core/job-spec';
import { forecastStart } from '../controller/forecast';
import { getPolicy, isPolicyName } from '../scheduler/policies';
import { controlPackage } from '../../proto/load';
import { controlService } from './control-service';
import { drainable } from './drainable-backend';
import { Users } from './users';

export interface ServeArgs {
  /** The cluster file of what the control plane drives (simulator, agents or Slurm). */
  cluster: string;
  /** The users file (names, token hashes, roles, quotas). */
  users: string;
  /** HOST:PORT; port 0 picks a free one. */
  listen: string;
  /** Journal, logs and reports (default: `.openclaw-serve` beside the cluster file). */
  stateDir?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** A configuration the control plane refuses to start with; the message names the flag or file. */
export class ServeRefused extends Error {}

export interface ServeConfig {
  cluster: ClusterFile;
  clusterPath: string;
  users: Users;
  host: string;
  port: number;
  stateDir: string;
  tls?: { cert: Buffer; key: Buffer };
}

/** Checks everything `serve` would start with, starting nothing (what `serve --check` runs). */
export function checkServeConfig(args: ServeArgs): ServeConfig {
  const listen = parseHostPort(args.listen);
  if (!listen) throw new ServeRefused(`--listen "${args.listen}": expected HOST:PORT, e.g. 127.0.0.1:7070`);
  if (Boolean(args.tlsCert) !== Boolean(args.tlsKey)) throw new ServeRefused('--tls-cert and --tls-key go together');
  if (!isLoopback(listen.host) && !args.tlsCert) {
    throw new ServeRefused(`refusing to listen on ${listen.host}: a non-loopback address needs TLS (--tls-cert, --tls-key), or tokens would cross the network in the clear`);
  }
  const clusterPath = resolve(args.cluster);
  const cluster = loadClusterFile(clusterPath);
  if (cluster.backend === 'server') throw new ServeRefused(`${args.cluster}: backend: server is a client's file; a control plane drives a simulator, agents or Slurm`);
  const users = Users.load(resolve(args.users), (message) => process.stderr.write(`openclaw: ${message}\n`));
  if (users.size === 0) throw new ServeRefused(`${args.users}: no users; add one with \`openclaw serve add-user NAME --users ${args.users}\``);
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new ServeRefused(`${flag}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
  };
  const tls = args.tlsCert && args.tlsKey ? { cert: read('--tls-cert', args.tlsCert), key: read('--tls-key', args.tlsKey) } : undefined;
  const stateDir = resolve(args.stateDir ?? join(dirname(clusterPath), '.openclaw-serve'));
  return { cluster, clusterPath, users, host: listen.host, port: listen.port, stateDir, tls };
}

export interface RunningControlPlane {
  /** HOST:PORT it listens on (the port chosen when 0 was asked). */
  address: string;
  identity: string;
  controller: Controller;
  close(): Promise<void>;
}

export async function startControlPlane(args: ServeArgs): Promise<RunningControlPlane> {
  const config = checkServeConfig(args);
  const identity = `control-plane:${managerIdentity(config.stateDir)}`;
  const policyName = policyOf(config.cluster);
  // A policy file the cluster file names is the administrator's own code, run as they started it.
  const policy = policyName !== undefined && !isPolicyName(policyName) ? await loadPolicyFile(resolve(dirname(config.clusterPath), policyName)) : undefined;
  let drainNode: ((node: string, on: boolean) => string) | undefined;
  let clock: () => number = Date.now;
  const controller = await createController(config.cluster, {
    stateDir: config.stateDir,
    baseDir: dirname(config.clusterPath),
    policy,
    agents: { managerId: identity, controlPlane: true },
    wrapBackend: (inner) => {
      if (inner.now) clock = () => inner.now!();
      const d = drainable(inner);
      drainNode = d.drain;
      return d.backend;
    },
    holdBack: (waiting, all, now) => heldByQuota(waiting, all, (user) => config.users.quotaOf(user), now),
    // A spec's path is the submitter's, on their machine: declared outputs stay with the control plane.
    outputsDir: (job) => join(config.stateDir, 'jobs', job.id, 'outputs'),
  });
  // Forecasts replay the queue with a fresh instance of the built-in policy (Slurm's own queue, and a
  // policy file, are approximated by fifo, and the answer says so).
  const forecastPolicy = policyName !== undefined && isPolicyName(policyName) ? policyName : 'fifo';
  const forecast = (spec: JobSpec) => {
    const f = forecastStart({ jobs: controller.jobs(), nodes: controller.nodes(), policy: getPolicy(forecastPolicy), policyName: forecastPolicy, now: clock(), spec });
    return forecastPolicy === policyName ? f : { ...f, basis: `${f.basis} (standing in for ${policyName ?? "Slurm's own queue"})` };
  };
  const service = controlService({ controller, users: config.users, identity, drain: (node, on) => drainNode!(node, on), forecast });
  const server = new grpc.Server({ 'grpc.keepalive_time_ms': 10_000, 'grpc.keepalive_timeout_ms': 5_000 });
  server.addService(controlPackage().ControlPlane.service, service.handlers);
  const creds = config.tls ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: config.tls.cert, private_key: config.tls.key }], false) : grpc.ServerCredentials.createInsecure();
  const bindHost = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  let port: number;
  try {
    port = await new Promise<number>((res, rej) => server.bindAsync(`${bindHost}:${config.port}`, creds, (err, p) => (err ? rej(new ServeRefused(`cannot listen on ${args.listen}: ${err.message}`)) : res(p))));
  } catch (err) {
    service.close();
    await controller.dispose();
    throw err;
  }
  return {
    address: `${bindHost}:${port}`,
    identity,
    controller,
    async close() {
      service.close();
      await new Promise<void>((res) => server.tryShutdown(() => res()));
      await controller.dispose();
    },
  };
}
