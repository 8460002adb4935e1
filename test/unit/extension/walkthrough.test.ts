// The walkthrough is text a newcomer follows to the letter: every file, path and command it names
// must exist, and what it shows must fit its pane (code blocks do not wrap there).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const walkthrough = manifest.contributes.walkthroughs[0];
const steps: { id: string; description: string; media: { markdown?: string; image?: string }; completionEvents: string[] }[] = walkthrough.steps;
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
const views = new Set<string>(Object.values(manifest.contributes.views as Record<string, { id: string }[]>).flat().map((v) => v.id));

function mediaText(step: (typeof steps)[number]): string {
  return step.media.markdown ? readFileSync(join(root, step.media.markdown), 'utf8') : '';
}

describe('walkthrough', () => {
  it('links only to commands that exist', () => {
    for (const s of steps) {
      for (const m of s.description.matchAll(/\(command:([\w.]+)/g)) {
        const id = m[1]!;
        const ok = commands.has(id) || (id.endsWith('.focus') && views.has(id.slice(0, -'.focus'.length)));
        assert.ok(ok, `step ${s.id} links to ${id}, which no one contributes`);
      }
    }
  });

  it('has descriptions without backticks, which the step list shows as they are', () => {
    for (const s of steps) assert.ok(!s.description.includes('`'), `step ${s.id}: ${s.description}`);
  });

  it('ticks every step by an event, and the real-job steps by what the user did, not only by one button', () => {
    for (const s of steps) assert.ok(s.completionEvents.length > 0, s.id);
    const byId = new Map(steps.map((s) => [s.id, s]));
    assert.ok(byId.get('launch')!.completionEvents.includes('onContext:openclaw.hasJobs'));
    assert.ok(byId.get('realJob')!.completionEvents.includes('onContext:openclaw.realJobRan'));
    const src = readFileSync(join(root, 'src/extension/walkthrough.ts'), 'utf8');
    for (const key of ['openclaw.hasJobs', 'openclaw.realJobRan']) assert.ok(src.includes(`'${key}'`), `${key} is set by the extension`);
  });

  it('names example files that exist and the cluster file that Start Local Agent writes', () => {
    for (const s of steps) {
      const text = `${s.description}\n${mediaText(s)}`;
      for (const m of text.matchAll(/\b([\w-]+\/[\w.-]+\.claw\.yaml)\b/g)) assert.ok(existsSync(join(root, 'examples', m[1]!)), `step ${s.id} names examples/${m[1]}, which does not exist`);
      for (const m of text.matchAll(/\.openclaw\/[\w./-]+/g)) {
        assert.equal(m[0], '.openclaw/local-agent/local.cluster.yaml', `step ${s.id} names ${m[0]}`);
      }
    }
    const agent = readFileSync(join(root, 'src/extension/localAgent.ts'), 'utf8');
    assert.match(agent, /join\(stateDir\(context\), 'local-agent'\)/);
    assert.match(agent, /join\(dir, 'local\.cluster\.yaml'\)/);
  });

  it('keeps code blocks narrow enough for the walkthrough pane', () => {
    for (const s of steps) {
      const blocks = mediaText(s).match(/```[\s\S]*?```/g) ?? [];
      for (const line of blocks.flatMap((b) => b.split('\n'))) assert.ok(line.length <= 60, `step ${s.id}: a ${line.length}-character line is clipped: ${line}`);
    }
  });
});
