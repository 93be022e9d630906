import { randomBytes, randomUUID } from 'node:crypto';

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
