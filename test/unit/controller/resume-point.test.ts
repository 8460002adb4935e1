import * as assert from 'node:assert/strict';
import type { CheckpointInfo } from '../../../src/core/checkpoint';
import { chooseResumePoint } from '../../../src/controller/resume-point';

const ck = (step: number, node: string, complete = true, mtimeMs = step * 1000): CheckpointInfo => ({ path: `step-${step}.pt`, format: 'pytorch', step, sizeBytes: 10, mtimeMs, complete, node });

describe('the resume point of a lost attempt', () => {
  it('is the newest complete checkpoint any node listed, with what each node said', () => {
    const c = chooseResumePoint(
      { checkpoints: [ck(10, 'n1'), ck(20, 'n2'), ck(30, 'n2', false)], nodes: [{ node: 'n1', listed: 1 }, { node: 'n2', listed: 2 }, { node: 'n3', error: 'dead' }] },
      ck(10, 'n1'),
      '/ws/ckpt',
    );
    assert.equal(c.resumeFrom, '/ws/ckpt/step-20.pt');
    assert.equal(c.checkpoint?.node, 'n2');
    assert.equal(c.why, 'step-20.pt (step 20) on n2: the newest complete checkpoint listed; listed on n1 (1), n2 (2), n3 (not listed: dead); newer but incomplete: step-30.pt');
  });

  it('keeps a newer reported checkpoint when the nodes list only older ones (or none answers)', () => {
    const c = chooseResumePoint({ checkpoints: [ck(10, 'n1')], nodes: [{ node: 'n1', listed: 1 }] }, ck(20, 'n2'), '/ws/ckpt');
    assert.equal(c.resumeFrom, '/ws/ckpt/step-20.pt');
    assert.match(c.why, /reported \(none newer listed\)/);
    const none = chooseResumePoint(undefined, ck(20, 'n2'), '/ws/ckpt', undefined, 'no answer within 5000 ms');
    assert.equal(none.resumeFrom, '/ws/ckpt/step-20.pt');
    assert.match(none.why, /listed on no node \(no answer within 5000 ms\)/);
  });

  it('is the start when nothing complete exists, or what the attempt itself resumed from', () => {
    const start = chooseResumePoint({ checkpoints: [ck(10, 'n1', false)], nodes: [{ node: 'n1', listed: 1 }] }, undefined, '/ws/ckpt');
    assert.equal(start.resumeFrom, undefined);
    assert.match(start.why, /^no complete checkpoint: from the start; .*newer but incomplete: step-10\.pt$/);
    const again = chooseResumePoint({ checkpoints: [], nodes: [] }, undefined, '/ws/ckpt', '/elsewhere/seed.pt');
    assert.equal(again.resumeFrom, '/elsewhere/seed.pt');
  });
});
