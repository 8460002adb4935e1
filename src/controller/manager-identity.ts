/**
 * The identity a job manager gives the agents: who holds its jobs' leases. Stable per state folder
 * (a restarted manager keeps its jobs), distinct between folders (two users, or one user's two
 * projects, are two holders), and readable in the refusals another manager gets: "user@host/id".
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';

const FILE = 'manager-id';
const VALID = /^[\w.@/:-]{1,200}$/;

function who(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The id kept in `<stateDir>/manager-id`, made there the first time. */
export function managerIdentity(stateDir: string): string {
  const path = join(stateDir, FILE);
  try {
    const id = readFileSync(path, 'utf8').trim();
    if (VALID.test(id)) return id;
  } catch {
    // none yet: made below
  }
  const id = `${who()}@${hostname()}/${randomBytes(4).toString('hex')}`.replace(/[^\w.@/:-]/g, '_');
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(path, `${id}\n`, { mode: 0o600 });
  return id;
}
