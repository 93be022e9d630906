/**
 * <data-dir>/clouds.yaml for the bootstrap accounts: clouds `novum` (admin), `novum-demo` and
 * `novum-demo2`. Written once with the passwords; later starts only refresh each auth_url.
 */
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { REGION } from './catalog.js';

const CLOUDS: ReadonlyArray<{ cloud: string; user: string }> = [
  { cloud: 'novum', user: 'admin' },
  { cloud: 'novum-demo', user: 'demo' },
  { cloud: 'novum-demo2', user: 'demo2' },
];

function cloudEntry(authUrl: string, user: string, password: string): Record<string, unknown> {
  return {
    auth: {
      auth_url: authUrl,
      username: user,
      password,
      project_name: user,
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    region_name: REGION,
    identity_api_version: 3,
    interface: 'public',
  };
}

function write(file: string, doc: unknown): void {
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Writes a fresh file with these passwords (user name → password). */
export function writeClouds(dataDir: string, authUrl: string, passwords: ReadonlyMap<string, string>): string {
  const file = path.resolve(dataDir, 'clouds.yaml');
  const clouds: Record<string, unknown> = {};
  for (const c of CLOUDS) {
    const pw = passwords.get(c.user);
    if (pw !== undefined) clouds[c.cloud] = cloudEntry(authUrl, c.user, pw);
  }
  write(file, { clouds });
  return file;
}

/** Rewrites the auth_url of Novum's clouds in an existing file; false when there is none. */
export function refreshClouds(dataDir: string, authUrl: string): string | null {
  const file = path.resolve(dataDir, 'clouds.yaml');
  if (!existsSync(file)) return null;
  const doc = parse(readFileSync(file, 'utf8')) as { clouds?: Record<string, { auth?: Record<string, unknown> }> } | null;
  const clouds = doc?.clouds;
  if (!clouds || CLOUDS.some((c) => typeof clouds[c.cloud]?.auth?.password !== 'string')) return null;
  for (const c of CLOUDS) clouds[c.cloud].auth!.auth_url = authUrl;
  write(file, doc);
  return file;
}
