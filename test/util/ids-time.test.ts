/** Random ids, generated passwords and stored timestamps. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hex, password, randomBytes } from '../../src/util/ids.js';
import { nowIso } from '../../src/util/time.js';

test('random bytes come in the length asked, never repeat across refills of the pool, and refuse more than 4096', () => {
  const seen = new Set<string>();
  // 12 bytes x 2000 draws crosses the 4 KiB pool five times.
  for (let i = 0; i < 2000; i++) {
    const b = randomBytes(12);
    assert.equal(b.length, 12);
    seen.add(b.toString('hex'));
  }
  assert.equal(seen.size, 2000);
  assert.equal(randomBytes(4096).length, 4096);
  assert.throws(() => randomBytes(4097), RangeError);
  assert.match(hex(4), /^[0-9a-f]{8}$/);
});

test('a returned buffer is the caller\'s own: later draws do not change it', () => {
  const b = randomBytes(16);
  const copy = Buffer.from(b);
  for (let i = 0; i < 600; i++) randomBytes(16);
  assert.deepEqual(b, copy);
});

test('generated passwords have Nova\'s length and alphabet (no 0, 1, l, I, O)', () => {
  for (let i = 0; i < 200; i++) assert.match(password(), /^[a-km-zA-HJ-NP-Z2-9]{12}$/);
  assert.equal(password(20).length, 20);
});

test('timestamps are stored as ISO 8601 UTC with microseconds', () => {
  assert.equal(nowIso(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 67))), '2026-01-02T03:04:05.067000Z');
  assert.match(nowIso(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}000Z$/);
});
