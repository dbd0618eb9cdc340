import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id at OWASP's first recommended setting (Password Storage Cheat Sheet: 19 MiB, 2 passes,
 * parallelism 1). The library default (64 MiB × 3 passes × 4 lanes) cost about 365 ms of the
 * libuv pool per sign-in, which gzip and file reads share; see docs/decisions.md, "Auth".
 */
export const PASSWORD_HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Hashes a password. Callers on request paths go through PasswordHasher, which bounds how many run at once. */
export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, PASSWORD_HASH_OPTIONS);
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with other settings (it is re-hashed at the next sign-in). */
export function hashIsOutdated(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, PASSWORD_HASH_OPTIONS);
  } catch {
    return true;
  }
}

/** A password to hand over once: 96 random bits in four groups of four, easy to read out and type. */
export function generatePassword(): string {
  return (randomBytes(12).toString('base64url').match(/.{4}/g) ?? []).join('-');
}
