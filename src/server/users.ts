/** The users file of a control plane, and who a call's token names. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { LIMITS } from '../core/limits';
import type { Quota } from '../core/quotas';
import { UsersFile, type UserEntry } from '../core/users-file';
import { loadYamlFile } from '../../simulator/input/yaml-input';

const USERS_FILE = { bytes: LIMITS.usersFileBytes, items: LIMITS.usersFileItems, what: 'a users file' };

export type User = Pick<UserEntry, 'name' | 'role' | 'quota'>;

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** How often the users file is looked at for changes (`serve add-user` takes effect without a restart). */
const RELOAD_CHECK_MS = 2000;

function readUsersFile(path: string): UsersFile {
  return loadYamlFile(UsersFile, path, { limit: USERS_FILE });
}

export class Users {
  private byHash: { hash: Buffer; user: User }[] = [];
  private checkedAt = Date.now();
  private mtimeMs = 0;

  constructor(
    file: UsersFile,
    readonly path?: string,
    /** Told when a changed users file could not be read (the users before the change stay). */
    private readonly onReloadError: (message: string) => void = () => undefined,
  ) {
    this.use(file);
    if (path) this.mtimeMs = statSync(path).mtimeMs;
  }

  static load(path: string, onReloadError?: (message: string) => void): Users {
    return new Users(readUsersFile(path), path, onReloadError);
  }

  private use(file: UsersFile): void {
    this.byHash = file.users.map((u) => ({ hash: Buffer.from(u.tokenSha256, 'hex'), user: { name: u.name, role: u.role, quota: u.quota } }));
  }

  /** Reads the file again when it changed; a file that no longer validates leaves the users as they were. */
  private reloadIfChanged(): void {
    if (!this.path || Date.now() - this.checkedAt < RELOAD_CHECK_MS) return;
    this.checkedAt = Date.now();
    try {
      const mtimeMs = statSync(this.path).mtimeMs;
      if (mtimeMs === this.mtimeMs) return;
      this.mtimeMs = mtimeMs;
      this.use(readUsersFile(this.path));
    } catch (err) {
      this.onReloadError(`${this.path} changed but cannot be used (${(err as Error).message.split('\n')[0]}); the users before the change stay`);
    }
  }

  get size(): number {
    return this.byHash.length;
  }

  /** The user `authorization: Bearer <token>` names, compared in constant time against every entry. */
  authenticate(header: string | undefined): User | undefined {
    this.reloadIfChanged();
    const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
    if (token === '') return undefined;
    const hash = createHash('sha256').update(token).digest();
    let found: User | undefined;
    for (const e of this.byHash) if (timingSafeEqual(e.hash, hash)) found = e.user;
    return found;
  }

  quotaOf(name: string): Quota | undefined {
    return this.byHash.find((e) => e.user.name === name)?.user.quota;
  }
}

