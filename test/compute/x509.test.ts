/**
 * The certificate of an x509 key pair (src/compute/x509.ts): its serial number is a valid DER
 * INTEGER whatever the random bytes, so OpenSSL reads every certificate Novum makes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { generateX509, serialNumber } from '../../src/compute/x509.js';

test('a serial is positive and has no leading zero byte, whatever the random bytes', () => {
  for (const first of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
    for (const second of [0x00, 0x7f, 0x80, 0xff]) {
      const random = Buffer.alloc(16, 0x11);
      random[0] = first;
      random[1] = second;
      const serial = serialNumber(random);
      assert.equal(serial.length, 16);
      assert.ok(serial[0] >= 0x01 && serial[0] < 0x80, `first byte ${serial[0]} from ${first}`);
      assert.deepEqual(serial.subarray(1), random.subarray(1));
    }
  }
});

test('a generated certificate parses, with that serial', () => {
  const g = generateX509('novum-test');
  const cert = new X509Certificate(g.certificate);
  assert.match(cert.serialNumber, /^[4-7][0-9A-F]{31}$/);
  assert.equal(g.fingerprint, cert.fingerprint.toLowerCase());
});
