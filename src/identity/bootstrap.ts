/**
 * First start: the Default domain's projects admin/demo/demo2, roles admin/member/reader and the
 * users admin/demo/demo2 with random passwords (kept in memory only, for clouds.yaml).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { DEFAULT_DOMAIN, Directory } from './directory.js';
import { GENERATED_PASSWORD_COST, hashPassword, randomPassword } from './passwords.js';

const BOOTSTRAP_KEY = 'identity.bootstrapped_at';

/** Keystone-style ids: a random UUID without dashes. */
export const keystoneId = (): string => randomUUID().replace(/-/g, '');

/** The accounts bootstrap creates: user name = project name; roles on that project. */
export const ACCOUNTS: ReadonlyArray<{ readonly name: string; readonly roles: readonly string[] }> = [
  { name: 'admin', roles: ['admin', 'member', 'reader'] },
  { name: 'demo', roles: ['member', 'reader'] },
  { name: 'demo2', roles: ['member', 'reader'] },
];

/**
 * Creates the initial records unless a previous start did. Returns the plaintext passwords it
 * chose (user name → password), or an empty map when everything existed already.
 */
export async function bootstrapIdentity(db: Kysely<Database>): Promise<Map<string, string>> {
  const done = await db.selectFrom('kv').select('value').where('key', '=', BOOTSTRAP_KEY).executeTakeFirst();
  if (done) return new Map();
  const names = ACCOUNTS.map((a) => a.name);
  const passwords = new Map(names.map((n) => [n, randomPassword(20)] as const));
  // Hashing first: the transaction then holds the connection only for its statements, and commits once.
  const hashes = await Promise.all(names.map((n) => hashPassword(passwords.get(n)!, GENERATED_PASSWORD_COST)));
  await db.transaction().execute(async (trx) => {
    const dir = new Directory(trx);
    const roleIds = new Map<string, string>();
    for (const name of ['admin', 'member', 'reader']) {
      const existing = (await dir.roles({ name }))[0];
      const id = existing?.id ?? keystoneId();
      if (!existing) await trx.insertInto('roles').values({ id, name }).execute();
      roleIds.set(name, id);
    }
    for (const [i, account] of ACCOUNTS.entries()) {
      const project = (await dir.projectByName(DEFAULT_DOMAIN.id, account.name))
        ?? { id: keystoneId(), name: account.name, domain_id: DEFAULT_DOMAIN.id, description: `Bootstrap project ${account.name}`, enabled: 1 };
      if (!(await dir.project(project.id))) await dir.createProject(project);
      let user = await dir.userByName(DEFAULT_DOMAIN.id, account.name);
      if (user) {
        await dir.setPasswordHash(user.id, hashes[i]);
      } else {
        user = { id: keystoneId(), name: account.name, domain_id: DEFAULT_DOMAIN.id, password_hash: hashes[i], default_project_id: project.id, enabled: 1 };
        await dir.createUser(user);
      }
      for (const role of account.roles) await dir.assign(user.id, project.id, roleIds.get(role)!);
    }
    await trx.insertInto('kv').values({ key: BOOTSTRAP_KEY, value: new Date().toISOString() }).execute();
  });
  return passwords;
}

/** Gives the bootstrap users new random passwords (when clouds.yaml was lost); returns them. */
export async function resetBootstrapPasswords(db: Kysely<Database>): Promise<Map<string, string>> {
  const dir = new Directory(db);
  const out = new Map<string, string>();
  for (const account of ACCOUNTS) {
    const user = await dir.userByName(DEFAULT_DOMAIN.id, account.name);
    if (!user) continue;
    const pw = randomPassword(20);
    await dir.setPasswordHash(user.id, await hashPassword(pw, GENERATED_PASSWORD_COST));
    out.set(account.name, pw);
  }
  return out;
}
