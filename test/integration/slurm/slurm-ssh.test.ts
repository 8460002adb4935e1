// The Slurm backend through `ssh` to a login node: a real sshd on loopback (its own keys and config)
// in front of the real one-machine Slurm. Every Slurm command, file write, log read and checkpoint
// listing goes through the system ssh client with an SSH config naming the host, as a user's would.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Controller } from '../../../src/controller/api';
import { SlurmBackend } from '../../../src/controller/backends/slurm';
import { jobFolderName } from '../../../src/controller/backends/slurm/backend';
import { RemoteFiles } from '../../../src/controller/backends/slurm/files';
import { defaultSshOptions, SshShell } from '../../../src/controller/backends/slurm/shell';
import { JobManager } from '../../../src/controller/manager';
import { loadClusterFile, loadJobSpec } from '../../../src/controller/spec-loader';
import { SlurmClusterFile } from '../../../src/core/cluster-file';
import { getPolicy } from '../../../src/scheduler/policies';
import { freePort } from '../../support/ports';

const root = join(__dirname, '../../..');


describe('Slurm backend over SSH to a login node', function () {
  this.timeout(180_000);
  let tmp: string;
  let sshd: ChildProcess | undefined;
  let shell: SshShell;
  let controller: Controller | undefined;
  let ddpDir: string;
  let shared: string;

  before(async function () {
    const missing = !existsSync('/usr/sbin/sshd') ? 'sshd is not installed (apt-get install openssh-server)' : process.getuid?.() !== 0 ? 'needs root' : undefined;
    const up = missing ?? (spawnSync('bash', [join(root, 'scripts/slurm-up.sh')], { encoding: 'utf8' }).status === 0 ? undefined : 'Slurm could not start');
    if (up) {
      console.log(`      skipped: ${up}`);
      this.skip();
    }
    tmp = mkdtempSync(join(tmpdir(), 'openclaw-ssh-'));
    for (const k of ['host', 'client']) spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(tmp, k)]);
    cpSync(join(tmp, 'client.pub'), join(tmp, 'authorized_keys'));
    const port = await freePort();
    writeFileSync(join(tmp, 'sshd_config'), [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(tmp, 'host')}`, `AuthorizedKeysFile ${join(tmp, 'authorized_keys')}`,
      `PidFile ${join(tmp, 'sshd.pid')}`, 'PermitRootLogin prohibit-password', 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no', '',
    ].join('\n'));
    writeFileSync(join(tmp, 'ssh_config'), [
      'Host oc-login', '  HostName 127.0.0.1', `  Port ${port}`, `  IdentityFile ${join(tmp, 'client')}`,
      '  StrictHostKeyChecking no', '  UserKnownHostsFile /dev/null', '  LogLevel ERROR', '',
    ].join('\n'));
    mkdirSync('/run/sshd', { recursive: true });
    sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(tmp, 'sshd_config')], { stdio: 'ignore' });
    mkdirSync(join(tmp, 'ctl'), { mode: 0o700 });
    shell = new SshShell('oc-login', ['-F', join(tmp, 'ssh_config'), ...defaultSshOptions(join(tmp, 'ctl'))]);
    for (let i = 0; ; i++) {
      const r = await shell.run(['true']);
      if (r.code === 0) break;
      if (i > 50) throw new Error(`sshd did not answer: ${r.stderr}`);
      await new Promise((r2) => setTimeout(r2, 100));
    }
    const rankBundle = join(tmp, 'slurm-rank.js');
    await build({ entryPoints: [join(root, 'src/entries/slurm-rank.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: rankBundle, logLevel: 'error' });
    ddpDir = join(tmp, 'pytorch-ddp');
    cpSync(join(root, 'examples/pytorch-ddp'), ddpDir, { recursive: true });
    shared = join(tmp, 'cluster-shared');
    const cluster = SlurmClusterFile.parse({ backend: 'slurm', partition: 'debug', ssh: 'oc-login', sharedDir: shared, node: process.execPath, pollSeconds: 1 });
    const backend = new SlurmBackend(cluster, { shell, rankBundle, minPollMs: 200, maxPollMs: 1000 });
    controller = await JobManager.start(backend, { stateDir: join(tmp, 'state'), policy: getPolicy('fifo'), outputsDir: () => join(tmp, 'outputs') });
  });

  after(async () => {
    await controller?.dispose();
    await shell?.close();
    sshd?.kill();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads and writes files on the login node through fixed shell programs, whatever the names', async () => {
    const files = new RemoteFiles(shell);
    const dir = join(tmp, "odd dir $(x) 'q'");
    await files.mkdirp(dir);
    await files.writeFile(join(dir, 'a;b.txt'), 'hello\nworld\n');
    assert.equal(readFileSync(join(dir, 'a;b.txt'), 'utf8'), 'hello\nworld\n');
    assert.equal(await files.size(join(dir, 'a;b.txt')), 12);
    assert.equal((await files.read(join(dir, 'a;b.txt'), 6, 100)).toString(), 'world\n');
    assert.equal(await files.size(join(dir, 'missing')), undefined);
    assert.deepEqual((await files.list(dir)).map((e) => [e.path, e.type, e.size]), [['a;b.txt', 'file', 12]]);
    writeFileSync(join(dir, 'b.log'), 'x'.repeat(5000) + '\n');
    const many = await files.readMany([
      { path: join(dir, 'a;b.txt'), offset: 6 },
      { path: join(dir, 'missing'), offset: 0 },
      { path: join(dir, 'b.log'), offset: 10 },
      { path: join(dir, 'a;b.txt'), offset: 12 },
    ], 4096);
    assert.deepEqual(many.map((b) => b.length), [6, 0, 4096, 0], 'each read bounded and framed');
    assert.equal(many[0]!.toString(), 'world\n');
    const echo = await shell.run(['printf', '%s|', "it's", '$HOME', 'a b', '`id`']);
    assert.equal(echo.stdout, "it's|$HOME|a b|`id`|", 'each argument arrives as it was given');
  });

  it('takes a relative sharedDir of an SSH cluster file as relative to the home folder on the login node', async () => {
    writeFileSync(join(tmp, 'ssh.cluster.yaml'), 'backend: slurm\npartition: debug\nssh: oc-login\nsharedDir: openclaw-rel/shared\n');
    const cluster = loadClusterFile(join(tmp, 'ssh.cluster.yaml'));
    assert.equal(cluster.backend, 'slurm');
    const backend = new SlurmBackend(cluster as SlurmClusterFile, { shell, baseDir: tmp });
    const home = (await shell.run(['sh', '-c', 'printf %s "$HOME"'])).stdout;
    assert.equal(await backend.sharedDir(), join(home, 'openclaw-rel/shared'), 'not beside the cluster file on this machine');
    await backend.dispose();
  });

  it('runs the DDP example over SSH: the workdir uploaded, logs, checkpoints and outputs fetched back', async () => {
    const spec = loadJobSpec(join(ddpDir, 'train.claw.yaml'));
    // A relative checkpoint folder: it lives in the job's folder on the cluster.
    const job = await controller!.submit({ ...spec, checkpoint: { dir: 'ckpt' }, command: [...spec.command, '--steps', '100'] }, join(ddpDir, 'train.claw.yaml'));
    const end = await controller!.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    assert.ok(existsSync(join(shared, 'jobs', jobFolderName(end), 'work', 'train.py')), 'the spec folder was uploaded');
    let rank1 = '';
    for await (const c of controller!.logs(job.id, { rank: 1 })) rank1 += c.text;
    assert.match(rank1, /rank 1 of 2 starting at step 0/);
    const ckpts = await controller!.checkpoints(job.id);
    assert.ok(ckpts.some((c) => c.step === 100), `checkpoints: ${JSON.stringify(ckpts.map((c) => c.path))}`);
    assert.ok(existsSync(join(shared, 'jobs', jobFolderName(end), 'ckpt', 'step-000100.pt')));
    assert.ok(existsSync(join(tmp, 'outputs', 'model.pt')), 'model.pt fetched from the cluster');
  });
});
