/**
 * The manager's folder (`--state-dir`, default `.openclaw/` beside the job spec): the journal, a
 * lock naming the manager process, requests from other commands (`openclaw cancel`), and per job
 * its rank logs and report.
 *
 *   journal.jsonl          every fact, appended and fsynced
 *   manager.json           {pid, startedAt} of the manager holding the journal
 *   requests/*.json        commands dropped by other processes, picked up by the manager
 *   jobs/<id>/logs/a<attempt>-r<rank>.log
 *   jobs/<id>/metrics.jsonl  every metric sample, one JSON line each
 *   jobs/<id>/report.json
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-file';
import { processAlive } from '../io/process-alive';

export interface ManagerRequest {
  kind: 'cancel';
  jobId: string;
  reason?: string;
}

export class StateDir {
  constructor(readonly root: string) {
    mkdirSync(join(root, 'requests'), { recursive: true });
    mkdirSync(join(root, 'jobs'), { recursive: true });
  }

  get journalPath(): string {
    return join(this.root, 'journal.jsonl');
  }

  jobDir(jobId: string): string {
    return join(this.root, 'jobs', jobId);
  }

  logDir(jobId: string): string {
    return join(this.jobDir(jobId), 'logs');
  }

  logPath(jobId: string, attempt: number, rank: number): string {
    return join(this.logDir(jobId), `a${attempt}-r${rank}.log`);
  }

  metricsPath(jobId: string): string {
    return join(this.jobDir(jobId), 'metrics.jsonl');
  }

  reportPath(jobId: string): string {
    return join(this.jobDir(jobId), 'report.json');
  }

  /** The pid of a live manager holding this folder, if any. */
  liveManager(): number | undefined {
    const path = join(this.root, 'manager.json');
    if (!existsSync(path)) return undefined;
    try {
      const { pid } = JSON.parse(readFileSync(path, 'utf8')) as { pid: number };
      return pid === process.pid || processAlive(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  /** Claims the folder for this process; refuses when another live manager holds it. */
  claim(): void {
    const other = this.liveManager();
    if (other !== undefined && other !== process.pid) {
      throw new Error(`${this.root} is in use by the manager with pid ${other}; stop it or use another --state-dir`);
    }
    writeFileAtomic(join(this.root, 'manager.json'), JSON.stringify({ pid: process.pid, startedAt: Date.now() }));
  }

  release(): void {
    if (this.liveManager() === process.pid) rmSync(join(this.root, 'manager.json'), { force: true });
  }

  /** Drops a request for the manager (atomically, so it never reads half a file). */
  request(req: ManagerRequest): void {
    const name = `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.json`;
    writeFileAtomic(join(this.root, 'requests', name), JSON.stringify(req));
  }

  /** Takes the pending requests, oldest first, removing them. */
  takeRequests(): ManagerRequest[] {
    const dir = join(this.root, 'requests');
    const out: ManagerRequest[] = [];
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const path = join(dir, name);
      try {
        out.push(JSON.parse(readFileSync(path, 'utf8')) as ManagerRequest);
      } catch {
        // Unreadable request: dropped below.
      }
      rmSync(path, { force: true });
    }
    return out;
  }
}

