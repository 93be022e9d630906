/**
 * A self-signed X.509 certificate and its RSA key, for keypairs of type `x509` created without a
 * public key (Nova: crypto.generate_x509_cert). Node's crypto makes keys and signs but does not
 * build certificates, so the DER of the certificate is assembled here.
 */
import { X509Certificate, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** The generated pair: the certificate is the keypair's `public_key`. */
export interface GeneratedX509 {
  readonly certificate: string;
  readonly privateKey: string;
  readonly fingerprint: string;
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...c: Buffer[]): Buffer => tlv(0x30, ...c);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** YYMMDDHHMMSSZ */
function utcTime(d: Date): Buffer {
  return tlv(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`));
}

function name(parts: ReadonlyArray<[string, string]>): Buffer {
  return seq(...parts.map(([type, value]) => tlv(0x31, seq(oid(type), tlv(0x0c, Buffer.from(value, 'utf8'))))));
}

/**
 * A DER INTEGER's content from random bytes: positive (top bit clear) and minimal (no leading zero
 * byte, which OpenSSL refuses as "illegal padding": one random serial in about 250 had one).
 */
export function serialNumber(random: Buffer): Buffer {
  const serial = Buffer.from(random);
  serial[0] = (serial[0] & 0x3f) | 0x40;
  return serial;
}

const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

/** A 2048-bit RSA key and a certificate for `commonName`, valid for ten years from now. */
export function generateX509(commonName: string): GeneratedX509 {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serial = serialNumber(randomBytes(16));
  const subject = name([['2.5.4.10', 'OpenStack'], ['2.5.4.11', 'NovaDev'], ['2.5.4.3', commonName]]);
  const now = new Date();
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // version v3
    tlv(0x02, serial),
    SHA256_WITH_RSA,
    subject,
    seq(utcTime(now), utcTime(new Date(now.getTime() + 3650 * 86_400_000))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.from([0]), signature));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  const certificate = `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
  return {
    certificate,
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    fingerprint: new X509Certificate(certificate).fingerprint.toLowerCase(),
  };
}
