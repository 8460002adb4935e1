/**
 * A job's logs in a LogOutputChannel of its own ("OpenClaw: <job>"): every line prefixed with its
 * rank, started from the tail of a long log (the backend seeks; nothing pulls megabytes to show the
 * last lines), followed live while the job runs, error lines at error level so they stand out.
 */
import * as vscode from 'vscode';
import type { Controller } from '../controller/api';
import type { JobRecord } from '../core/job';
import { readSettings } from './settings';

const ERROR_LINE = /\b(error|exception|traceback|fatal|failed|segmentation fault|killed)\b/i;
const WARNING_LINE = /\b(warn(ing)?|deprecated)\b/i;

interface Follower {
  channel: vscode.LogOutputChannel;
  abort: AbortController;
  done: Promise<void>;
}

export class JobLogs implements vscode.Disposable {
  private readonly followers = new Map<string, Follower>();
  private readonly channels = new Map<string, vscode.LogOutputChannel>();

  /** Opens (or re-shows) the job's channel and streams its logs into it. */
  show(controller: Controller, job: JobRecord, preserveFocus = true): vscode.LogOutputChannel {
    const channel = this.channel(job);
    channel.show(preserveFocus);
    const running = this.followers.get(job.id);
    if (!running) this.follow(controller, job, channel);
    return channel;
  }

  private channel(job: JobRecord): vscode.LogOutputChannel {
    let ch = this.channels.get(job.id);
    if (!ch) {
      ch = vscode.window.createOutputChannel(`OpenClaw: ${job.spec.name} (${job.id})`, { log: true });
      this.channels.set(job.id, ch);
    }
    return ch;
  }

  private follow(controller: Controller, job: JobRecord, channel: vscode.LogOutputChannel): void {
    const settings = readSettings();
    const abort = new AbortController();
    const partial = new Map<number, string>();
    const write = (rank: number, line: string) => {
      const text = `[rank ${rank}] ${line}`;
      if (ERROR_LINE.test(line)) channel.error(text);
      else if (WARNING_LINE.test(line)) channel.warn(text);
      else channel.info(text);
    };
    const done = (async () => {
      let first = true;
      try {
        for await (const chunk of controller.logs(job.id, { tailBytes: settings.logTailBytes, follow: settings.logFollow, signal: abort.signal })) {
          if (first && chunk.offset > 0) channel.info(`… ${chunk.offset} earlier bytes of rank ${chunk.rank} not shown (openclaw.logs.tailBytes)`);
          first = false;
          const text = (partial.get(chunk.rank) ?? '') + chunk.text;
          const lines = text.split(/\r?\n/);
          partial.set(chunk.rank, lines.pop() ?? '');
          for (const line of lines) write(chunk.rank, line);
        }
        for (const [rank, rest] of partial) if (rest) write(rank, rest);
        const end = controller.job(job.id);
        if (end && ['succeeded', 'failed', 'cancelled'].includes(end.state)) {
          const msg = `job ${end.state}${end.exitCode !== undefined ? ` (exit code ${end.exitCode})` : ''}${end.error ? `: ${end.error}` : ''}`;
          if (end.state === 'failed') channel.error(msg);
          else channel.info(msg);
        }
      } catch (err) {
        if (!abort.signal.aborted) channel.error(`log stream ended: ${(err as Error).message}`);
      } finally {
        this.followers.delete(job.id);
      }
    })();
    this.followers.set(job.id, { channel, abort, done });
  }

  /** Stops following every job (a new cluster was connected). */
  stopAll(): void {
    for (const f of this.followers.values()) f.abort.abort();
    this.followers.clear();
  }

  dispose(): void {
    this.stopAll();
    for (const ch of this.channels.values()) ch.dispose();
    this.channels.clear();
  }
}
