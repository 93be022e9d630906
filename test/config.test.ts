/**
 * Configuration: docs/configuration.md documents every option, and loadConfig applies
 * default < NOVUM_* environment < flag, refusing bad values with a ConfigError that names them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, OPTIONS, envName, loadConfig } from '../src/config.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const doc = readFileSync(path.join(repoRoot, 'docs/configuration.md'), 'utf8');

/** `--name` flags the doc's option table lists (rows starting with a backquoted flag). */
function documentedFlags(): Set<string> {
  const flags = new Set<string>();
  for (const m of doc.matchAll(/^\|\s*`--([a-z0-9-]+)`\s*\|/gm)) flags.add(m[1]);
  return flags;
}

test('docs/configuration.md has a table row for every option in OPTIONS, with its env var and default', () => {
  const flags = documentedFlags();
  const missing = OPTIONS.map((o) => o.name).filter((n) => !flags.has(n));
  assert.deepEqual(missing, [], `options missing from docs/configuration.md: ${missing.join(', ')}`);
  for (const o of OPTIONS) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`--${o.name}\``))!;
    assert.ok(row.includes(`\`${envName(o.name)}\``), `row for --${o.name} names ${envName(o.name)}`);
    const shownDefault = o.default === '' ? '*(empty)*' : `\`${String(o.default)}\``;
    assert.ok(row.includes(shownDefault), `row for --${o.name} shows the default ${shownDefault}: ${row}`);
  }
});

test('docs/configuration.md documents no option that OPTIONS lacks', () => {
  const known = new Set<string>(OPTIONS.map((o) => o.name));
  const extra = [...documentedFlags()].filter((f) => !known.has(f));
  assert.deepEqual(extra, [], `documented but not in OPTIONS: ${extra.join(', ')}`);
});

test('defaults apply when neither flag nor environment is given', () => {
  const c = loadConfig({}, {});
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 8774);
  assert.equal(c.dataDir, './.novum');
  assert.equal(c.auth, 'keystone');
  assert.equal(c.fakeDelay, 200);
  assert.equal(c.ramAllocationRatio, 1.5);
  assert.equal(c.logLevel, 'info');
});

test('a NOVUM_* environment variable overrides the default, typed', () => {
  const c = loadConfig({}, { NOVUM_PORT: '9001', NOVUM_AUTH: 'noauth', NOVUM_CPU_ALLOCATION_RATIO: '2.5', NOVUM_DATA_DIR: '/tmp/x' });
  assert.equal(c.port, 9001);
  assert.equal(c.auth, 'noauth');
  assert.equal(c.cpuAllocationRatio, 2.5);
  assert.equal(c.dataDir, '/tmp/x');
});

test('an empty environment variable counts as unset', () => {
  assert.equal(loadConfig({}, { NOVUM_PORT: '' }).port, 8774);
});

test('a flag beats the environment variable', () => {
  const c = loadConfig({ port: '9002', 'fake-delay': '5' }, { NOVUM_PORT: '9001', NOVUM_FAKE_DELAY: '7' });
  assert.equal(c.port, 9002);
  assert.equal(c.fakeDelay, 5);
});

test('a bad whole number is a ConfigError naming the flag or the variable', () => {
  assert.throws(() => loadConfig({ port: 'abc' }, {}), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /--port/);
    assert.match(err.message, /"abc"/);
    return true;
  });
  assert.throws(() => loadConfig({}, { NOVUM_FAKE_DELAY: '1.5' }), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /NOVUM_FAKE_DELAY/);
    return true;
  });
});

test('a value below the minimum is a ConfigError', () => {
  assert.throws(() => loadConfig({ 'token-ttl': '0' }, {}), (err: unknown) => err instanceof ConfigError && /--token-ttl/.test(err.message) && /at least 1/.test(err.message));
  assert.equal(loadConfig({ 'shelved-offload-time': '-1' }, {}).shelvedOffloadTime, -1);
});

test('an unknown flag is a ConfigError naming it', () => {
  assert.throws(() => loadConfig({ bogus: '1' }, {}), (err: unknown) => err instanceof ConfigError && /--bogus/.test(err.message));
});

test('a value outside the choices is a ConfigError listing them', () => {
  assert.throws(() => loadConfig({ auth: 'basic' }, {}), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /--auth/);
    assert.match(err.message, /keystone, noauth/);
    return true;
  });
  assert.throws(() => loadConfig({}, { NOVUM_LOG_LEVEL: 'loud' }), (err: unknown) => err instanceof ConfigError && /NOVUM_LOG_LEVEL/.test(err.message));
  assert.equal(loadConfig({ 'log-level': 'silent' }, {}).logLevel, 'silent');
});

test('a ratio accepts decimals and refuses words', () => {
  assert.equal(loadConfig({ 'disk-allocation-ratio': '0.5' }, {}).diskAllocationRatio, 0.5);
  assert.throws(() => loadConfig({ 'disk-allocation-ratio': 'lots' }, {}), ConfigError);
});
