import { randomFillSync, randomUUID } from 'node:crypto';

/** Random bytes are drawn from the system 4 KiB at a time (as randomUUID does): one call per byte is slow. */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let used = POOL_SIZE;

/** `n` (≤ 4096) cryptographically random bytes, each handed out once. */
export function randomBytes(n: number): Buffer {
  if (n > POOL_SIZE) throw new RangeError(`at most ${POOL_SIZE} random bytes at a time`);
  if (used + n > POOL_SIZE) {
    randomFillSync(pool);
    used = 0;
  }
  const out = Buffer.from(pool.subarray(used, used + n));
  used += n;
  return out;
}

export const uuid = (): string => randomUUID();
export const requestId = (): string => `req-${randomUUID()}`;
export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

const PASSWORD_CHARS = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A random password as Nova generates them (password_length 12, no ambiguous characters). */
export function password(length = 12): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += PASSWORD_CHARS[bytes[i] % PASSWORD_CHARS.length];
  return out;
}

export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s);
