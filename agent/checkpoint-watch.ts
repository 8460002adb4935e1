// Watches a checkpoint folder and reports its listing each time it changes: fs.watch wakes a scan
// within a few ms of a rename; a slow poll catches what events miss (a checkpoint that only
// becomes complete by standing still, a file system without events), and is all there is where
// the folder cannot be watched.
import { watch, type FSWatcher } from 'node:fs';
import type { Checkpoint__Output } from '../proto/generated/openclaw/agent/v1/Checkpoint';
import { scanCheckpoints } from './checkpoints';

export interface WatchOptions {
  settleMs?: number;
  /** Scans this often besides the events (default 1 s; 250 ms when the folder cannot be watched). */
  pollMs?: number;
  /** Events closer together than this make one scan (default 15 ms). */
  debounceMs?: number;
}

/** Calls `onList` with the listing now and whenever it changes; the returned function stops. */
export function watchCheckpointDir(root: string, options: WatchOptions, onList: (list: Checkpoint__Output[]) => void): () => void {
  let stopped = false;
  let last = '';
  let scanning = false;
  let again = false;
  let debounce: NodeJS.Timeout | undefined;
  const scan = async (): Promise<void> => {
    if (stopped) return;
    if (scanning) {
      again = true;
      return;
    }
    scanning = true;
    try {
      do {
        again = false;
        const list = await scanCheckpoints(root, { settleMs: options.settleMs });
        const key = JSON.stringify(list.map((c) => [c.path, c.complete, c.sizeBytes, c.mtimeMs]));
        if (!stopped && key !== last) {
          last = key;
          onList(list);
        }
      } while (again && !stopped);
    } finally {
      scanning = false;
    }
  };
  // A scan that fails (the folder changing under it) is tried again at the next event or poll; it
  // must never become an unhandled rejection, which would end the agent and every rank's watch.
  const rescan = () => void scan().catch(() => undefined);
  const soon = () => {
    if (debounce || stopped) return;
    debounce = setTimeout(() => {
      debounce = undefined;
      rescan();
    }, options.debounceMs ?? 15);
  };
  // The folder itself, not recursively: Node 20's recursive watcher on Linux walks the tree in
  // JavaScript and can reject unhandled when a folder vanishes mid-walk, which ends the agent.
  // Checkpoints in subfolders are found by the poll.
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(root, { persistent: false }, soon);
    watcher.on('error', () => {
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    watcher = undefined;
  }
  const poll = setInterval(rescan, options.pollMs ?? (watcher ? 1000 : 250));
  poll.unref();
  rescan();
  return () => {
    stopped = true;
    clearInterval(poll);
    if (debounce) clearTimeout(debounce);
    watcher?.close();
  };
}
