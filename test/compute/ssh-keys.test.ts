/** OpenSSH key generation and fingerprints, checked against ssh-keygen where it is installed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSshKey, sshFingerprint, InvalidPublicKey } from '../../src/compute/ssh-keys.js';

const hasSshKeygen = (() => { try { execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' }); return true; } catch (e: any) { return e.status !== undefined && e.code !== 'ENOENT'; } })();

function keygenMd5(publicKey: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'novum-ssh-'));
  try {
    const file = path.join(dir, 'k.pub');
    writeFileSync(file, publicKey);
    const out = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', file]).toString();
    return /MD5:([0-9a-f:]+)/.exec(out)![1];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a generated key has the fingerprint ssh-keygen computes', { skip: !hasSshKeygen && 'ssh-keygen not installed' }, () => {
  const k = generateSshKey();
  assert.equal(k.fingerprint, keygenMd5(k.publicKey));
  assert.equal(sshFingerprint(k.publicKey), k.fingerprint);
});

test('ed25519 and ecdsa keys made by ssh-keygen import with its fingerprint', { skip: !hasSshKeygen && 'ssh-keygen not installed' }, () => {
  for (const [type, bits] of [['ed25519', []], ['ecdsa', ['-b', '384']], ['rsa', ['-b', '1024']]] as const) {
    const dir = mkdtempSync(path.join(tmpdir(), 'novum-ssh-'));
    try {
      execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', 'me@host', '-f', path.join(dir, 'k')]);
      const pub = readFileSync(path.join(dir, 'k.pub'), 'utf8');
      assert.equal(sshFingerprint(pub), keygenMd5(pub), type);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('garbage is refused', () => {
  for (const bad of ['', 'ssh-rsa', 'ssh-rsa JUNK', 'ssh-rsa AAAA', 'not-a-key AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx']) {
    assert.throws(() => sshFingerprint(bad), InvalidPublicKey, bad);
  }
});
