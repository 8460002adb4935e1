/**
 * The control plane's gRPC handlers: each call names its user by token, and acts on the one job
 * manager through the same Controller API the extension and the CLI use (watch streams: see
 * change-broadcast.ts).
 */
import * as grpc from '@grpc/grpc-js';
import type { Controller } from '../controller/api';
import { validateJobSpecText } from '../controller/spec-loader';
import type { Forecast } from '../controller/forecast';
import type { JobRecord, MetricSample } from '../core/job';
import type { JobSpec } from '../core/job-spec';
import { isTerminal } from '../core/job-state';
import { exceedsQuota, ownerOf, usageByUser } from '../core/quotas';
import type { ControlPlaneHandlers } from '../../proto/generated/openclaw/control/v1/ControlPlane';
import { ChangeBroadcast } from './change-broadcast';
import type { User, Users } from './users';
import { version } from '../../package.json';

export interface ControlServiceOptions {
  controller: Controller;
  users: Users;
  /** The control plane's identity (as agents name the holder of its leases). */
  identity: string;
  /** Takes a node out of scheduling (or back); returns the state it shows now. */
  drain(node: string, on: boolean): string;
  /** When a spec submitted now would start (the live queue replayed in the simulator). */
  forecast(spec: JobSpec): Forecast;
}

/** An error that is the caller's to fix, with its gRPC status. */
class Refused extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

function statusOf(err: unknown): grpc.StatusObject {
  const code = err instanceof Refused ? err.code : grpc.status.FAILED_PRECONDITION;
  return { code, details: err instanceof Error ? err.message : String(err), metadata: new grpc.Metadata() };
}

type Call = { metadata: grpc.Metadata };

const METRICS_EVERY_MS = 200;

export interface ControlService {
  handlers: ControlPlaneHandlers;
  /** Ends every watch and log stream (the server is stopping). */
  close(): void;
}

export function controlService(options: ControlServiceOptions): ControlService {
  const { controller, users } = options;
  const streams = new Set<AbortController>();
  const streamEnds = new Set<() => void>();

  const caller = (call: Call): User => {
    const header = call.metadata.get('authorization')[0];
    const user = users.authenticate(typeof header === 'string' ? header : undefined);
    if (!user) throw new Refused(grpc.status.UNAUTHENTICATED, 'missing or unknown token: ask an administrator of this control plane to add you to its users file');
    return user;
  };
  const jobOf = (id: string): JobRecord => {
    const job = controller.job(id);
    if (!job) throw new Refused(grpc.status.NOT_FOUND, `no job "${id}" on this control plane`);
    return job;
  };
  /** The job, if the user may change it: its owner, or an admin. */
  const mayChange = (user: User, id: string, what: string): JobRecord => {
    const job = jobOf(id);
    const owner = ownerOf(job);
    if (owner !== user.name && user.role !== 'admin') {
      throw new Refused(grpc.status.PERMISSION_DENIED, `${what} of job ${id} refused: it belongs to ${owner}; only ${owner} or an admin may ${what} it`);
    }
    return job;
  };
  const adminOnly = (user: User, what: string): void => {
    if (user.role !== 'admin') throw new Refused(grpc.status.PERMISSION_DENIED, `${what} is for admins; ${user.name} is a user`);
  };

  function unary<Req, Res>(fn: (req: Req, user: User) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      Promise.resolve()
        .then(() => fn(call.request, caller(call)))
        .then((res) => callback(null, res), (err: unknown) => callback(statusOf(err)));
    };
  }
  const json = (value: unknown) => ({ json: JSON.stringify(value ?? null) });
  const jobReply = (job: JobRecord) => ({ jobJson: JSON.stringify(job) });

  const changes = new ChangeBroadcast(controller);

  const handlers: ControlPlaneHandlers = {
    WhoAmI: unary((_req, user) => ({ user: user.name, role: user.role, backend: controller.backendKind, identity: options.identity, version })),

    Submit: unary(async (req, user) => {
      const spec = ownedSpec(req.spec, user);
      const over = exceedsQuota({ spec }, user.quota);
      if (over) throw new Refused(grpc.status.RESOURCE_EXHAUSTED, `${over}; it could never start`);
      return jobReply(await controller.submit(spec, req.specPath || undefined));
    }),

    Forecast: unary((req, user) => {
      const f = options.forecast(ownedSpec(req.spec, user));
      return { ...(f.startInSeconds !== undefined && { startInSeconds: f.startInSeconds }), basis: f.basis };
    }),

    Cancel: unary(async (req, user) => {
      const job = mayChange(user, req.jobId, 'cancel');
      await controller.cancel(job.id, req.reason || `cancelled by ${user.name}`);
      return jobReply(jobOf(job.id));
    }),
    Restart: unary(async (req, user) => jobReply(await controller.restart(mayChange(user, req.jobId, 'restart').id))),
    Resume: unary(async (req, user) => jobReply(await controller.resume(mayChange(user, req.jobId, 'resume').id, req.checkpointPath))),

    Watch: (call) => {
      try {
        caller(call);
      } catch (err) {
        return void call.emit('error', statusOf(err));
      }
      const end = changes.add(call);
      call.on('cancelled', end);
      call.on('close', end);
      call.on('error', end);
    },

    Logs: (call) => {
      const abort = new AbortController();
      streams.add(abort);
      call.on('cancelled', () => abort.abort());
      void (async () => {
        caller(call);
        const req = call.request;
        jobOf(req.jobId);
        const chunks = controller.logs(req.jobId, {
          rank: req.rank >= 0 ? req.rank : undefined,
          tailBytes: req.tailBytes > 0 ? req.tailBytes : undefined,
          follow: req.follow,
          signal: abort.signal,
        });
        for await (const c of chunks) {
          if (abort.signal.aborted) break;
          if (!call.write({ rank: c.rank, attempt: c.attempt ?? 0, offset: c.offset, text: c.text })) {
            await new Promise((resolve) => call.once('drain', resolve));
          }
        }
      })().then(
        () => call.end(),
        (err: unknown) => (abort.signal.aborted ? call.end() : call.emit('error', statusOf(err))),
      ).finally(() => streams.delete(abort));
    },

    WatchMetrics: (call) => {
      let job: JobRecord;
      try {
        caller(call);
        job = jobOf(call.request.jobId);
      } catch (err) {
        return void call.emit('error', statusOf(err));
      }
      // The manager keeps each job's samples as a bounded list: send what is past the last sample
      // sent, or the whole list again once that sample has been thinned out.
      let last: MetricSample | undefined;
      let timer: NodeJS.Timeout | undefined;
      const send = () => {
        timer = undefined;
        const samples = controller.metrics(job.id);
        const from = last ? samples.lastIndexOf(last) : -1;
        const fresh = from < 0 ? samples : samples.slice(from + 1);
        if (fresh.length > 0 || !last) call.write({ samplesJson: JSON.stringify(fresh), reset: from < 0 });
        last = samples[samples.length - 1] ?? last;
        if (isTerminal(controller.job(job.id)?.state ?? 'cancelled')) stop(true);
      };
      const sub = controller.onChange((ch) => {
        if ((ch.kind === 'job' && ch.job.id === job.id) || (ch.kind === 'log' && ch.jobId === job.id)) timer ??= setTimeout(send, METRICS_EVERY_MS);
      });
      const stop = (end: boolean) => {
        sub.dispose();
        if (timer) clearTimeout(timer);
        streamEnds.delete(stopHere);
        if (end) call.end();
      };
      const stopHere = () => stop(true);
      streamEnds.add(stopHere);
      call.on('cancelled', () => stop(false));
      send();
    },
    Checkpoints: unary(async (req) => json(await controller.checkpoints(jobOf(req.jobId).id))),
    InspectCheckpoint: unary(async (req) => json(await controller.inspectCheckpoint(jobOf(req.jobId).id, req.path))),
    Report: unary((req) => json(controller.report(jobOf(req.jobId).id))),

    DrainNode: unary((req, user) => {
      adminOnly(user, 'draining a node');
      try {
        return json({ node: req.node, state: options.drain(req.node, req.drain) });
      } catch (err) {
        throw new Refused(grpc.status.NOT_FOUND, (err as Error).message);
      }
    }),

    Usage: unary(() => {
      const usage = usageByUser(controller.jobs(), Date.now());
      return json([...usage.values()].map((u) => ({ ...u, quota: users.quotaOf(u.user) })));
    }),
  };

  return {
    handlers,
    close() {
      changes.close();
      for (const s of streams) s.abort();
      for (const end of [...streamEnds]) end();
    },
  };
}

/** A spec's text validated, owned by the caller (whatever user it named). */
function ownedSpec(text: string, user: User): JobSpec {
  const { value, problems } = validateJobSpecText(text);
  if (!value) {
    const shown = problems.slice(0, 5).map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; ');
    throw new Refused(grpc.status.INVALID_ARGUMENT, `the job spec is not valid: ${shown}`);
  }
  return { ...value, user: user.name };
}
