/**
 * Figures measured inside the VS Code extension host (run by bench/extension.bench.ts through the
 * e2e harness): activation time, and the Jobs view's getChildren with 5,000 jobs.
 */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Controller } from '../../../src/controller/api';
import type { JobRecord } from '../../../src/core/job';
import type { JobState } from '../../../src/core/job-state';
import type { Session } from '../../../src/extension/session';
import { JobsTreeProvider } from '../../../src/extension/views/jobsTree';
import { EXTENSION_ID } from '../support';

const figures: Record<string, number | string> = {};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** 5,000 jobs as a busy cluster holds them: most finished, hundreds running or queued. */
function jobs(n: number): JobRecord[] {
  const states: JobState[] = ['succeeded', 'succeeded', 'succeeded', 'failed', 'cancelled', 'running', 'running', 'queued', 'checkpointing', 'placed'];
  const t0 = Date.UTC(2026, 10, 1);
  const out: JobRecord[] = [];
  for (let i = 0; i < n; i++) {
    const state = states[i % states.length]!;
    const nodes = 1 + (i % 4);
    const at = t0 + i * 60_000;
    out.push({
      id: `job-${i}`,
      spec: {
        name: `train-${i % 97}-${i}`,
        command: ['python3', 'train.py', '--lr', '0.1'],
        env: {},
        resources: { nodes, processesPerNode: 8, gpusPerProcess: 1, cpusPerProcess: 4, deviceModel: i % 3 ? 'a100' : 'h100' },
        launcher: 'pytorch',
        checkpoint: { dir: '/data/ckpt' },
        maxRestarts: 2,
        outputs: [],
        priority: 0,
      },
      specPath: `/work/specs/train-${i % 97}.claw.yaml`,
      state,
      history: [
        { state: 'queued', at },
        ...(state === 'queued' ? [] : [{ state: 'placed' as const, at: at + 1000 }, { state: 'running' as const, at: at + 5000 }]),
        ...(['succeeded', 'failed', 'cancelled'].includes(state) ? [{ state, at: at + 3_600_000 }] : []),
      ],
      placement: state === 'queued' ? [] : Array.from({ length: nodes * 8 }, (_, r) => ({ rank: r, node: `dgx-${(i + Math.floor(r / 8)) % 512}`, devices: [r % 8] })),
      restarts: i % 17 === 0 ? 1 : 0,
      step: state === 'queued' ? undefined : (i * 37) % 1000,
      totalSteps: 1000,
      waitReason: state === 'queued' ? 'waiting for 16 free a100 on 2 nodes' : undefined,
      lostGpuSeconds: 0,
      backend: 'simulator',
      attempt: 1,
      outputs: [],
    });
  }
  return out;
}

describe('extension figures', () => {
  it('activation: loading the bundle and activate()', async () => {
    const ext = vscode.extensions.getExtension<{ activationMs: number }>(EXTENSION_ID)!;
    figures.activeBefore = String(ext.isActive);
    const t0 = performance.now();
    const api = await ext.activate();
    figures.activationMs = performance.now() - t0;
    figures.activateCallMs = api.activationMs;
  });

  it('Jobs view with 5,000 jobs: getChildren, and getChildren + getTreeItem', () => {
    const records = jobs(5000);
    const controller = { backendKind: 'simulator', jobs: () => records, job: (id: string) => records.find((j) => j.id === id) } as unknown as Controller;
    const session = { controller } as unknown as Session;
    const provider = new JobsTreeProvider(session);
    const children: number[] = [];
    const items: number[] = [];
    for (let round = 0; round < 25; round++) {
      provider.refresh();
      let t = performance.now();
      const groups = provider.getChildren();
      let count = 0;
      for (const g of groups) count += provider.getChildren(g).length;
      children.push(performance.now() - t);
      if (count !== 5000) throw new Error(`expected 5000 jobs in the tree, got ${count}`);
      provider.refresh();
      t = performance.now();
      for (const g of provider.getChildren()) {
        provider.getTreeItem(g);
        for (const j of provider.getChildren(g)) provider.getTreeItem(j);
      }
      items.push(performance.now() - t);
    }
    figures.jobsGetChildrenMedianMs = median(children.slice(5));
    figures.jobsGetChildrenAndItemsMedianMs = median(items.slice(5));
    figures.jobsGetChildrenMaxMs = Math.max(...children.slice(5));
  });

  after(() => {
    const out = process.env.OPENCLAW_BENCH_OUT;
    if (out) writeFileSync(out, JSON.stringify(figures));
  });
});
