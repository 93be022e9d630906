/**
 * OpenSSH public keys: generating an RSA pair as Nova hands them out, and checking and
 * fingerprinting an imported key (Nova: nova/crypto.py generate_key_pair, generate_fingerprint).
 */
import { X509Certificate, createHash, createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';

/** A freshly generated key pair: OpenSSH public key, PEM (PKCS#1) private key, MD5 fingerprint. */
export interface GeneratedKey {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly fingerprint: string;
}

/** Raised when a public key does not parse; Nova: "failed to generate fingerprint". */
export class InvalidPublicKey extends Error {}

const b64url = (s: string): Buffer => Buffer.from(s, 'base64url');

function sshString(buf: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(buf.length);
  return Buffer.concat([len, buf]);
}

/** SSH mpint: big-endian, with a leading zero byte when the high bit is set. */
function mpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length - 1 && unsigned[i] === 0) i++;
  const trimmed = unsigned.subarray(i);
  return sshString(trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** MD5 of the key blob as colon-separated hex (Nova's fingerprint for ssh keys). */
export function md5Fingerprint(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

/** RSA 2048: public key `ssh-rsa AAAA... Generated-by-Nova`, private key `BEGIN RSA PRIVATE KEY`. */
export function generateSshKey(): GeneratedKey {
  const { publicKey, privateKey: key } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const jwk = publicKey.export({ format: 'jwk' });
  const privateKey = key.export({ type: 'pkcs1', format: 'pem' }).toString();
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(b64url(jwk.e!)), mpint(b64url(jwk.n!))]);
  return {
    // Nova's samples end the generated public key with a newline.
    publicKey: `ssh-rsa ${blob.toString('base64')} Generated-by-Nova\n`,
    privateKey,
    fingerprint: md5Fingerprint(blob),
  };
}

/** Reads length-prefixed fields off an SSH wire-format blob. */
class BlobReader {
  #at = 0;
  constructor(private readonly buf: Buffer) {}
  next(): Buffer {
    if (this.#at + 4 > this.buf.length) throw new InvalidPublicKey('truncated key');
    const len = this.buf.readUInt32BE(this.#at);
    const start = this.#at + 4;
    if (start + len > this.buf.length) throw new InvalidPublicKey('truncated key');
    this.#at = start + len;
    return this.buf.subarray(start, start + len);
  }
  get done(): boolean {
    return this.#at === this.buf.length;
  }
}

const CURVES: Readonly<Record<string, { crv: string; size: number }>> = {
  nistp256: { crv: 'P-256', size: 32 },
  nistp384: { crv: 'P-384', size: 48 },
  nistp521: { crv: 'P-521', size: 66 },
};

const unsigned = (b: Buffer): string => (b[0] === 0 ? b.subarray(1) : b).toString('base64url');

/** The key as a JWK node:crypto can load, or a throw when the blob is not a key of its type. */
function jwkOf(type: string, r: BlobReader): JsonWebKey | null {
  if (type === 'ssh-rsa') {
    const e = r.next();
    const n = r.next();
    return { kty: 'RSA', e: unsigned(e), n: unsigned(n) };
  }
  if (type === 'ssh-ed25519') {
    const x = r.next();
    if (x.length !== 32) throw new InvalidPublicKey('bad ed25519 key');
    return { kty: 'OKP', crv: 'Ed25519', x: x.toString('base64url') };
  }
  const m = /^ecdsa-sha2-(nistp256|nistp384|nistp521)$/.exec(type);
  if (m) {
    const curve = CURVES[m[1]];
    if (r.next().toString() !== m[1]) throw new InvalidPublicKey('curve mismatch');
    const q = r.next();
    if (q.length !== 1 + 2 * curve.size || q[0] !== 4) throw new InvalidPublicKey('bad point');
    const x = q.subarray(1, 1 + curve.size).toString('base64url');
    const y = q.subarray(1 + curve.size).toString('base64url');
    return { kty: 'EC', crv: curve.crv, x, y };
  }
  if (type === 'ssh-dss') {
    for (let i = 0; i < 4; i++) r.next();
    return null;
  }
  throw new InvalidPublicKey(`unsupported key type ${type}`);
}

/** Checks an OpenSSH public key line (`type base64 [comment]`) and returns its fingerprint. */
export function sshFingerprint(line: string): string {
  const parts = line.trim().split(/\s+/);
  if (parts.length < 2 || !/^[A-Za-z0-9+/]+={0,2}$/.test(parts[1])) throw new InvalidPublicKey('not an OpenSSH key');
  const blob = Buffer.from(parts[1], 'base64');
  const r = new BlobReader(blob);
  const type = r.next().toString();
  if (type !== parts[0]) throw new InvalidPublicKey('key type mismatch');
  const jwk = jwkOf(type, r);
  if (!r.done) throw new InvalidPublicKey('trailing data');
  if (jwk) {
    try {
      createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      throw new InvalidPublicKey('key does not load');
    }
  }
  return md5Fingerprint(blob);
}

/** SHA-1 of an X.509 certificate (PEM) as colon-separated lower-case hex (keypair type x509). */
export function x509Fingerprint(pem: string): string {
  try {
    return new X509Certificate(pem).fingerprint.toLowerCase();
  } catch {
    throw new InvalidPublicKey('not a certificate');
  }
}
