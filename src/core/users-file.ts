/**
 * A control plane's users file: who may call it, as what, within which quota. Tokens are kept as
 * their SHA-256 only (`openclaw serve add-user` writes both the token file and the line here).
 */
import { z } from 'zod';
import { atMost, LIMITS } from './limits';
import { Quota } from './quotas';

export const UserEntry = z
  .object({
    name: z.string().regex(/^[\w.@-]{1,64}$/, 'expected a name of letters, digits, ".", "@", "-" or "_" (at most 64)'),
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected the SHA-256 of the user\'s token as 64 lowercase hex digits (`openclaw serve add-user` writes it)'),
    role: z.enum(['user', 'admin']).default('user'),
    quota: Quota.optional(),
  })
  .strict();
export type UserEntry = z.infer<typeof UserEntry>;

export const UsersFile = z
  .object({ users: z.array(UserEntry).max(LIMITS.users, atMost(LIMITS.users, 'users')) })
  .strict()
  .superRefine((f, ctx) => {
    const names = new Map<string, number>();
    const hashes = new Map<string, number>();
    f.users.forEach((u, i) => {
      const n = names.get(u.name);
      if (n !== undefined) ctx.addIssue({ code: 'custom', path: ['users', i, 'name'], message: `"${u.name}" is also users[${n}]` });
      else names.set(u.name, i);
      const h = hashes.get(u.tokenSha256);
      if (h !== undefined) ctx.addIssue({ code: 'custom', path: ['users', i, 'tokenSha256'], message: `the same token as users[${h}]: each user needs their own` });
      else hashes.set(u.tokenSha256, i);
    });
  });
export type UsersFile = z.infer<typeof UsersFile>;
