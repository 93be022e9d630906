/**
 * Password hashing with node:crypto scrypt. Stored form: `scrypt$N$r$p$<salt b64>$<hash b64>`;
 * the plaintext is never stored.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost for passwords people choose: slow enough to make guessing them expensive */
const N = 16384;
/**
 * The cost for passwords Novum generates itself (randomPassword: 20 characters of 57, about 116
 * bits). Stretching protects guessable passwords; no number of guesses finds one of these, so a
 * cheap hash loses nothing, and the first start and every login of the bootstrap users (each
 * `openstack` command) skip 60-90 ms of scrypt.
 */
export const GENERATED_PASSWORD_COST = 1024;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, keyLength: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `cost`: scrypt's N; lower it only for generated passwords (GENERATED_PASSWORD_COST). */
export async function hashPassword(password: string, cost = N): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, KEY_LENGTH, { N: cost, r: R, p: P });
  return `scrypt$${cost}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `password` matches the stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (!n || !r || !p || expected.length === 0) return false;
  const key = await derive(password, salt, expected.length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
  return timingSafeEqual(key, expected);
}

const CHARS = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of `length` characters without ambiguous ones. */
export function randomPassword(length = 20): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += CHARS[bytes[i] % CHARS.length];
  return out;
}
