/**
 * The password a guest posts to the metadata service (Nova: api/metadata/password.py). Guest
 * agents (cloud-init, cloudbase-init) encrypt the admin password with the server's RSA public
 * key, PKCS#1 v1.5, and post it base64-encoded; `nova get-password` decrypts it with the private key.
 */
import { constants, createPublicKey, publicEncrypt, type KeyObject } from 'node:crypto';

/** `ssh-rsa AAAA...` → the RSA public key, or null for any other key (or none). */
export function rsaKeyFromOpenSsh(line: string | null): KeyObject | null {
  const parts = (line ?? '').trim().split(/\s+/);
  if (parts[0] !== 'ssh-rsa' || !parts[1]) return null;
  const blob = Buffer.from(parts[1], 'base64');
  const fields: Buffer[] = [];
  let at = 0;
  while (at + 4 <= blob.length && fields.length < 3) {
    const len = blob.readUInt32BE(at);
    fields.push(blob.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  if (fields.length < 3 || fields[0].toString() !== 'ssh-rsa') return null;
  const unsigned = (b: Buffer): string => (b[0] === 0 ? b.subarray(1) : b).toString('base64url');
  try {
    return createPublicKey({ key: { kty: 'RSA', e: unsigned(fields[1]), n: unsigned(fields[2]) }, format: 'jwk' });
  } catch {
    return null;
  }
}

/**
 * What the guest of a server with key `publicKey` posts for `adminPass`: base64 of the
 * RSA-encrypted password; '' when the server has no RSA key (the guest posts nothing).
 */
export function guestPostedPassword(publicKey: string | null, adminPass: string | undefined): string {
  const key = rsaKeyFromOpenSsh(publicKey);
  if (!key || !adminPass) return '';
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(adminPass, 'utf8')).toString('base64');
}
