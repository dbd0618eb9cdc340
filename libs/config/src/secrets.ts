import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Keys that were ever published in this repository. Anyone can sign tokens with them, so they are
 * refused in every mode, whatever else is configured.
 */
export const PUBLISHED_SECRETS: readonly string[] = ['switchboard-development-secret-not-for-production'];

/** Shortest signing key accepted, in characters. */
export const MIN_SECRET_LENGTH = 32;
/** Least estimated entropy accepted, in bits (a random 32-character hex key estimates at 90–128). */
export const MIN_SECRET_BITS = 80;
/** A run of this many characters appearing twice marks a key as typed or pasted together. */
const REPEATED_RUN = 6;

/**
 * Shannon entropy of the key's own character distribution times its length. A heuristic, not a
 * proof of randomness: it catches typed and repeated keys ("secret-secret-secret…", "aaaa…",
 * "changeme-changeme…"), which score far below any key a generator produced.
 */
export function estimatedSecretBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...secret].length;
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / n;
    perChar -= p * Math.log2(p);
  }
  return perChar * n;
}

/** The first run of REPEATED_RUN characters that occurs twice, if any ("secret-…-secret"). */
function repeatedRun(secret: string): string | null {
  const seen = new Set<string>();
  for (let i = 0; i + REPEATED_RUN <= secret.length; i++) {
    const run = secret.slice(i, i + REPEATED_RUN);
    if (seen.has(run)) return run;
    seen.add(run);
  }
  return null;
}

/**
 * Why a signing key must not be used, or null when it will do. Random keys from a generator pass
 * (about 1 in 10,000 random hex keys repeats a 6-character run and is refused: generate another).
 */
export function secretWeakness(secret: string): string | null {
  if (PUBLISHED_SECRETS.includes(secret)) {
    return 'is the development key published in the Switchboard repository; generate your own (openssl rand -base64 48)';
  }
  if (secret.length < MIN_SECRET_LENGTH) return `must be at least ${MIN_SECRET_LENGTH} characters`;
  const run = repeatedRun(secret);
  if (run) return `repeats "${run}", as typed keys do; generate one (openssl rand -base64 48)`;
  const bits = estimatedSecretBits(secret);
  if (bits < MIN_SECRET_BITS) {
    return (
      `looks typed or repetitive (about ${Math.round(bits)} bits of entropy, at least ${MIN_SECRET_BITS} needed); ` +
      'generate one (openssl rand -base64 48)'
    );
  }
  return null;
}

/**
 * The secret kept in `file`, created with 48 random bytes (mode 600) the first time. Processes
 * sharing a data directory share the key; two starting at once agree, because the file is
 * created exclusively and the loser reads the winner's.
 */
export function loadOrCreateSecret(file: string): string {
  try {
    return readSecret(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readSecret(file);
}

function readSecret(file: string): string {
  // Tighten a key file someone made readable to others: it signs every session.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  const weakness = secretWeakness(secret);
  if (weakness) throw new Error(`the key in ${file} ${weakness}; delete the file to have a new one generated`);
  return secret;
}
