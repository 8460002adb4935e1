/** The users file of a control plane, and who a call's token names. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { FileSpecError, readText, validateYaml } from '../controller/spec-loader';
import type { Quota } from '../core/quotas';
import { UsersFile, type UserEntry } from '../core/users-file';

const USERS_FILE = { bytes: 4 * 1024 * 1024, items: 200_000, what: 'a users file' };

export type User = Pick<UserEntry, 'name' | 'role' | 'quota'>;

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class Users {
  private readonly byHash: { hash: Buffer; user: User }[];

  constructor(file: UsersFile, readonly path?: string) {
    this.byHash = file.users.map((u) => ({ hash: Buffer.from(u.tokenSha256, 'hex'), user: { name: u.name, role: u.role, quota: u.quota } }));
  }

  static load(path: string): Users {
    const { value, problems } = validateYaml(UsersFile, readText(path, USERS_FILE), undefined, USERS_FILE);
    if (!value) throw new FileSpecError(path, problems);
    return new Users(value, path);
  }

  get size(): number {
    return this.byHash.length;
  }

  /** The user `authorization: Bearer <token>` names, compared in constant time against every entry. */
  authenticate(header: string | undefined): User | undefined {
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

