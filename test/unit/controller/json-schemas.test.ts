import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaFiles } from '../../../src/controller/json-schemas';

describe('JSON Schemas of job specs and cluster files', () => {
  it('are checked in as generated from the zod schemas (run `npm run schemas` after changing src/core)', () => {
    for (const [name, text] of Object.entries(jsonSchemaFiles())) {
      const checkedIn = readFileSync(join(__dirname, '../../../schemas', name), 'utf8');
      assert.equal(checkedIn, text, `schemas/${name} is stale: run npm run schemas`);
    }
  });

  it('describe the fields a spec may have and which are required', () => {
    const job = JSON.parse(jsonSchemaFiles()['job-spec.schema.json']!) as { required: string[]; properties: Record<string, { enum?: string[] }>; additionalProperties: boolean };
    assert.deepEqual(job.required.sort(), ['command', 'name']);
    assert.deepEqual(job.properties.launcher!.enum, ['pytorch', 'torchrun', 'tensorflow', 'jax', 'plain']);
    assert.equal(job.additionalProperties, false);
    const cluster = JSON.parse(jsonSchemaFiles()['cluster-file.schema.json']!) as { oneOf: { required?: string[]; properties: { backend: { const: string } } }[] };
    const sim = cluster.oneOf.find((b) => b.properties.backend.const === 'simulator');
    assert.ok(sim && !(sim.required ?? []).includes('backend'), 'a bare cluster shape (no backend) is a simulator cluster');
  });
});
