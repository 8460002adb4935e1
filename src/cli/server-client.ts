/** The job commands against a team's control plane: `--cluster FILE` whose backend is `server`. */
import { resolve } from 'node:path';
import { RemoteController } from '../controller/remote-controller';
import { loadClusterFile } from '../controller/spec-loader';
import { requireFile, UsageError } from './cli-errors';

export async function connectToServer(clusterFlag: string): Promise<RemoteController> {
  requireFile(clusterFlag, '--cluster');
  const cluster = loadClusterFile(resolve(clusterFlag));
  if (cluster.backend !== 'server') {
    throw new UsageError(`--cluster: ${clusterFlag} has backend: ${cluster.backend}; this command asks a control plane (backend: server). For jobs run by \`openclaw run\`, pass --state-dir instead`);
  }
  return RemoteController.connect(cluster);
}

/** Runs `fn` on a connection to the control plane, closed afterwards. */
export async function withServer<T>(clusterFlag: string, fn: (c: RemoteController) => Promise<T>): Promise<T> {
  const c = await connectToServer(clusterFlag);
  try {
    return await fn(c);
  } finally {
    await c.dispose();
  }
}
