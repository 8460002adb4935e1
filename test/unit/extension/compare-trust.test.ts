/**
 * Workspace Trust for policies: `openclaw.comparePolicies` called with options sorts the policies
 * that are workspace files from the built-in ones (those need trust), and the simulator it starts
 * for an untrusted workspace refuses a policy file itself.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseCompareOptions, workspacePolicies } from '../../../src/extension/webviews/compare-options';

const ROOT = join(__dirname, '../../..');

describe('workspace trust of policy files', function () {
  this.timeout(60_000);

  it('compare options: policy files need trust, built-in names do not, and malformed options are refused', () => {
    const o = parseCompareOptions({ cluster: 'gavel', workload: 'w.yaml', policies: ['fifo', 'policies/mine.ts', 'las', '../elsewhere.js'] });
    assert.deepEqual(workspacePolicies(o), ['policies/mine.ts', '../elsewhere.js']);
    assert.deepEqual(workspacePolicies({ policies: ['fifo', 'sjf'] }), []);
    assert.throws(() => parseCompareOptions({ cluster: 'gavel', workload: 'w.yaml', policies: 'mine.ts' }), /policies: .*expected array/);
    assert.throws(() => parseCompareOptions({ cluster: 'gavel', workload: 'w.yaml', policies: [], extra: 1 }), /unknown field "extra"/);
  });

  it('the simulator started for an untrusted workspace does not run a policy file, and runs a built-in one', () => {
    const sim = (policy: string) =>
      spawnSync(process.execPath, ['--require', 'tsx/cjs', 'src/cli/main.ts', 'sim', '--cluster', 'gavel', '--workload', 'examples/workloads/tiresias.yaml', '--policy', policy], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, OPENCLAW_UNTRUSTED_WORKSPACE: '1' },
        timeout: 50_000,
      });
    const file = sim('examples/policies/smallest-first.ts');
    assert.equal(file.status, 2, file.stderr);
    assert.match(file.stderr, /--policy: .*this workspace is not trusted: policy files from it do not run/);
    assert.equal(file.stdout, '');
    const builtIn = sim('fifo');
    assert.equal(builtIn.status, 0, builtIn.stderr);
  });
});
