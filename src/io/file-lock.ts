/**
 * A lock beside a file that several processes read, change and write back (the users file, which two
 * admins may add users to at the same moment): `PATH.lock`, made exclusively and naming its holder's
 * pid, removed when the change is written. A lock whose holder has died is taken over, so that a
 * crash between making and removing it never blocks the file for good.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { processAlive } from './process-alive';

export class LockBusy extends Error {}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Removes a dead holder's lock. Two processes may find it dead at once, and the other may already
 * have removed it and made its own: the lock is moved aside first (one rename wins) and removed only
 * if it is still the dead holder's; a live one moved aside by mistake is put back.
 */
function takeOver(lock: string, dead: number): void {
  const aside = `${lock}.${process.pid}.stale`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // moved or removed by another: look again
  }
  let was = Number.NaN;
  try {
    was = Number.parseInt(readFileSync(aside, 'utf8'), 10);
  } catch {
    // unreadable: treated as not the dead holder's
  }
  if (was !== dead) {
    try {
      linkSync(aside, lock); // back in place, unless yet another lock was made meanwhile
    } catch {
      // a new lock exists: the one moved aside is lost, and its holder shares the file (rare: two
      // processes at once finding the same crashed holder, a third in between)
    }
  }
  rmSync(aside, { force: true });
}

/** Takes `path`'s lock, waiting up to `timeoutMs` for another holder, runs `fn`, and frees the lock. */
export function withFileLock<T>(path: string, fn: () => T, timeoutMs = 10_000): T {
  const lock = `${path}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    } catch {
      continue; // freed meanwhile: try again at once
    }
    // A holder that died left its lock: take it over. (A lock still empty is being written: wait.)
    if (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) {
      takeOver(lock, holder);
      continue;
    }
    if (Date.now() > deadline) throw new LockBusy(`${path} is being changed by process ${Number.isNaN(holder) ? '(unknown)' : holder} (its lock ${lock} is held); try again, or remove the lock if no such process runs`);
    Atomics.wait(sleeper, 0, 0, 10 + Math.random() * 20);
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}
