/**
 * JSON Schemas of the job spec and cluster file, generated from the zod schemas of src/core (the one
 * definition): what editors use for IntelliSense on `*.claw.yaml` and `*.cluster.yaml`.
 * `npm run schemas` writes them to schemas/; a unit test checks the checked-in files match.
 */
import { z } from 'zod';
import { ClusterFile } from '../core/cluster-file';
import { JobSpec } from '../core/job-spec';

function schemaOf(type: z.ZodType, id: string, title: string, description: string): Record<string, unknown> {
  // Input form: fields with defaults are optional, which is what a person writes.
  const generated = z.toJSONSchema(type, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Record<string, unknown>;
  return { ...generated, $id: id, title, description };
}

/** File name in schemas/ -> its text. */
export function jsonSchemaFiles(): Record<string, string> {
  const cluster = schemaOf(ClusterFile, 'https://openclaw.dev/schemas/cluster-file.schema.json', 'OpenClaw cluster file (*.cluster.yaml)', "Where jobs run: the simulator (a preset or a cluster shape), node agents, Slurm, or a team's control plane (backend: server).");
  // A file without `backend` is a simulated cluster (ClusterFile's preprocess adds it).
  for (const branch of (cluster.oneOf ?? cluster.anyOf ?? []) as { properties?: { backend?: { const?: string } }; required?: string[] }[]) {
    if (branch.properties?.backend?.const === 'simulator' && branch.required) branch.required = branch.required.filter((k) => k !== 'backend');
  }
  const files: Record<string, unknown> = {
    'job-spec.schema.json': schemaOf(JobSpec, 'https://openclaw.dev/schemas/job-spec.schema.json', 'OpenClaw job spec (*.claw.yaml)', 'A training job: command, resources, launcher, checkpoints, restarts and outputs.'),
    'cluster-file.schema.json': cluster,
  };
  return Object.fromEntries(Object.entries(files).map(([name, s]) => [name, JSON.stringify(s, null, 2) + '\n']));
}
