import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { readClouds, startKeystone } from './keystone-helpers.js';
import { startNovum } from '../helpers.js';

test('a second start reuses users, projects and passwords and only refreshes auth_url', async () => {
  const first = await startKeystone();
  const before = await first.login('admin');
  assert.equal(before.status, 201);
  const projectsBefore = await first.n.novum.store.db.selectFrom('projects').select(['id', 'name']).orderBy('name').execute();
  await first.n.close();

  const again = await startKeystone(first.dataDir);
  try {
    assert.deepEqual(again.passwords, first.passwords);
    assert.equal((await again.login('demo', first.passwords.demo)).status, 201);
    const projectsAfter = await again.n.novum.store.db.selectFrom('projects').select(['id', 'name']).orderBy('name').execute();
    assert.deepEqual(projectsAfter, projectsBefore);
    assert.equal((await again.n.novum.store.db.selectFrom('users').select('id').execute()).length, 3);
    await again.n.novum.services.identity.writeCloudsYaml('http://127.0.0.1:18150');
    const clouds = readClouds(first.dataDir).clouds;
    assert.equal(clouds['novum-demo2'].auth.auth_url, 'http://127.0.0.1:18150/identity/v3');
    assert.equal(clouds['novum-demo2'].auth.password, first.passwords.demo2);
  } finally {
    await again.n.close();
    rmSync(first.dataDir, { recursive: true, force: true });
  }
});

test('with the in-memory store no clouds.yaml is written', async () => {
  const n = await startNovum({ auth: 'keystone' });
  try {
    assert.equal(await n.novum.services.identity.writeCloudsYaml('http://127.0.0.1:18151'), '');
  } finally {
    await n.close();
  }
});
