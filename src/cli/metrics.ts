/** `openclaw metrics JOB [--json] [--follow]`: a job's metric series, from the state folder. */
import type { Command } from 'commander';
import type { MetricSample } from '../core/job';
import { readMetricFile } from '../controller/metric-files';
import { DEFAULT_STATE_DIR, reportError } from './cli-errors';
import { findJob, jobEndWatcher, openStateDir } from './job-lookup';

interface MetricsFlags {
  stateDir: string;
  follow?: boolean;
  json?: boolean;
}

interface SeriesSummary {
  name: string;
  last: number;
  lastStep?: number;
  min: number;
  max: number;
  points: number;
}

export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description("show a job's metric series: names, last values, points")
    .argument('<job>', 'job id (or a unique prefix)')
    .option('--state-dir <dir>', 'folder of the journal that `openclaw run` used', DEFAULT_STATE_DIR)
    .option('--json', 'print JSON: the series summary, or with --follow one sample per line')
    .option('-f, --follow', 'print each new sample until the job ends')
    .action(async (id: string, flags: MetricsFlags) => {
      try {
        const state = openStateDir(flags.stateDir);
        const job = findJob(state, id);
        const abort = new AbortController();
        process.once('SIGINT', () => abort.abort());
        const series = new Map<string, SeriesSummary>();
        let samples = 0;
        const attempts = new Set<number>();
        for await (const batch of readMetricFile(state, job.id, jobEndWatcher(state, job), { follow: flags.follow, signal: abort.signal })) {
          for (const s of batch) {
            samples++;
            if (s.attempt) attempts.add(s.attempt);
            summarise(series, s);
            if (flags.follow) process.stdout.write(flags.json ? JSON.stringify(s) + '\n' : sampleLine(s));
          }
        }
        if (flags.follow) return;
        const list = [...series.values()].sort((a, b) => a.name.localeCompare(b.name));
        if (flags.json) {
          process.stdout.write(JSON.stringify({ job: job.id, samples, attempts: [...attempts].sort(), series: list }, null, 2) + '\n');
          return;
        }
        if (list.length === 0) {
          process.stdout.write(`${job.id}: no metrics yet (${job.state})\n`);
          return;
        }
        process.stdout.write(`${job.id}: ${list.length} series, ${samples.toLocaleString('en-US')} samples${attempts.size > 1 ? ` over ${attempts.size} attempts` : ''} (${job.state})\n`);
        const rows = [['series', 'last', 'at step', 'min', 'max', 'points'], ...list.map((s) => [s.name, num(s.last), s.lastStep === undefined ? '' : String(s.lastStep), num(s.min), num(s.max), s.points.toLocaleString('en-US')])];
        const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
        for (const r of rows) process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ') + '\n');
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}

function summarise(series: Map<string, SeriesSummary>, s: MetricSample): void {
  for (const [name, v] of Object.entries(s.values)) {
    if (name === 'step' || name === 'totalSteps') continue;
    const cur = series.get(name);
    if (!cur) series.set(name, { name, last: v, ...(s.step !== undefined && { lastStep: s.step }), min: v, max: v, points: 1 });
    else {
      cur.last = v;
      if (s.step !== undefined) cur.lastStep = s.step;
      cur.min = Math.min(cur.min, v);
      cur.max = Math.max(cur.max, v);
      cur.points++;
    }
  }
}

function sampleLine(s: MetricSample): string {
  const values = Object.entries(s.values).filter(([k]) => k !== 'step' && k !== 'totalSteps');
  return `${s.step === undefined ? '' : `step ${s.step}  `}${values.map(([k, v]) => `${k}=${num(v)}`).join(' ')}\n`;
}

function num(v: number): string {
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(6)));
}
