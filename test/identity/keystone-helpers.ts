/** Starts Novum in keystone mode on a temporary data dir and reads the bootstrap passwords. */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { startNovum, type TestNovum } from '../helpers.js';

export interface KeystoneNovum {
  readonly n: TestNovum;
  readonly dataDir: string;
  readonly passwords: Record<string, string>;
  /** POSTs password credentials; returns the token (X-Subject-Token) and the reply. */
  login(user: string, password?: string, project?: string): Promise<{ token: string; status: number; body: any }>;
}

export function readClouds(dataDir: string): any {
  return parse(readFileSync(path.join(dataDir, 'clouds.yaml'), 'utf8'));
}

export async function startKeystone(dataDir = mkdtempSync(path.join(os.tmpdir(), 'novum-ks-'))): Promise<KeystoneNovum> {
  const n = await startNovum({ auth: 'keystone', dataDir });
  await n.novum.services.identity.writeCloudsYaml('http://127.0.0.1:18199');
  const clouds = readClouds(dataDir).clouds;
  const passwords: Record<string, string> = {};
  for (const c of Object.values(clouds) as any[]) passwords[c.auth.username] = c.auth.password;
  const login = async (user: string, password = passwords[user], project = user) => {
    const r = await n.request('POST', '/identity/v3/auth/tokens', {
      token: null,
      body: { auth: { identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password } } }, scope: { project: { name: project, domain: { name: 'Default' } } } } },
    });
    return { token: r.headers['x-subject-token'] as string, status: r.status, body: r.body };
  };
  return { n, dataDir, passwords, login };
}
