// Every built-in policy says in one line what it does (its own `description`), and the policy picker
// (Compare Policies) shows that line under each name.
import { strict as assert } from 'node:assert';
import { builtinPolicies, getPolicy, policyNames } from '../../../src/scheduler/policies';
import { builtinPolicyItems } from '../../../src/extension/policies/policy-pick';

describe('scheduler/built-in policy descriptions', () => {
  it('has a one-line description for every built-in policy, the policy\'s own', () => {
    const all = builtinPolicies();
    assert.deepEqual(all.map((p) => p.name), policyNames());
    for (const { name, description } of all) {
      assert.ok(description.length >= 20, `${name}: "${description}"`);
      assert.ok(!/\n/.test(description) && description.length <= 160, `${name}: one line, not "${description}"`);
      assert.equal(description, getPolicy(name).description);
    }
  });

  it('gives the picker an item per built-in policy with its description, preselecting those asked for', () => {
    const items = builtinPolicyItems(['fifo', 'las']);
    assert.deepEqual(items.map((i) => i.label), policyNames());
    for (const item of items) {
      assert.equal(item.name, item.label);
      assert.equal(item.detail, getPolicy(item.name).description);
      assert.equal(item.picked, item.name === 'fifo' || item.name === 'las');
    }
  });
});
