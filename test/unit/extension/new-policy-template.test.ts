// What "OpenClaw: New Policy" writes is a policy that loads through the policy loader and schedules a
// whole workload in the simulator, as written.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile } from '../../../src/controller/policy-loader';
import { POLICY_NAME, policyTemplate } from '../../../src/extension/policies/template';
import { loadCluster, loadWorkload, simulate } from '../../../simulator/index';

const root = join(__dirname, '../../..');

describe('extension/new policy template (policies/template)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'openclaw-new-policy-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads and runs the jobs-list workload to the end on dgx-a100', async () => {
    mkdirSync(join(dir, 'policies'));
    const file = join(dir, 'policies', 'my-policy.ts');
    writeFileSync(file, policyTemplate('my-policy'));
    const policy = await loadPolicyFile(file);
    assert.equal(policy.name, 'my-policy');
    assert.match(policy.description ?? '', /oldest waiting job first/i);
    const report = simulate({ cluster: loadCluster('dgx-a100'), workload: loadWorkload(join(root, 'examples/workloads/jobs-list.yaml')), policy });
    assert.equal(report.policy, 'my-policy');
    assert.equal(report.completed, report.jobs);
    assert.ok(report.jobs > 0);
  });

  it('takes names that make a file name and a policy name', () => {
    for (const ok of ['my-policy', 'fair_share2', 'v1.2']) assert.ok(POLICY_NAME.test(ok), ok);
    for (const bad of ['', '-x', '../x', 'a b', 'a/b', '.hidden']) assert.ok(!POLICY_NAME.test(bad), bad);
    // The name is written into the source as a string literal, quotes and all.
    assert.match(policyTemplate('it\'s'), /name: "it's",/);
  });
});
