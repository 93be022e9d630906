/**
 * Read and write access to Keystone's records: the one domain, projects, users, roles and role
 * assignments. Only the `Default` domain exists.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, ProjectRow, RoleRow, UserRow } from '../store/schema.js';

export type Project = Selectable<ProjectRow>;
export type User = Selectable<UserRow>;
export type Role = Selectable<RoleRow>;

/** A Keystone domain; Novum has exactly one. */
export interface Domain {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
}

export const DEFAULT_DOMAIN: Domain = { id: 'default', name: 'Default', description: 'The default domain', enabled: true };

/** Filters of the list calls: exact matches, as Keystone does them. */
export interface ListFilter {
  readonly name?: string;
  readonly domainId?: string;
}

export class Directory {
  constructor(private readonly db: Kysely<Database>) {}

  domains(filter: ListFilter = {}): Domain[] {
    return [DEFAULT_DOMAIN].filter((d) => filter.name === undefined || d.name === filter.name);
  }

  domain(idOrName: { id?: string; name?: string }): Domain | null {
    const d = DEFAULT_DOMAIN;
    if (idOrName.id !== undefined) return idOrName.id === d.id ? d : null;
    return idOrName.name === d.name ? d : null;
  }

  async project(id: string): Promise<Project | null> {
    return (await this.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async projectByName(domainId: string, name: string): Promise<Project | null> {
    const row = await this.db.selectFrom('projects').selectAll().where('domain_id', '=', domainId).where('name', '=', name).executeTakeFirst();
    return row ?? null;
  }

  async projects(filter: ListFilter = {}): Promise<Project[]> {
    let q = this.db.selectFrom('projects').selectAll().orderBy('name');
    if (filter.name !== undefined) q = q.where('name', '=', filter.name);
    if (filter.domainId !== undefined) q = q.where('domain_id', '=', filter.domainId);
    return q.execute();
  }

  async user(id: string): Promise<User | null> {
    return (await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async userByName(domainId: string, name: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('domain_id', '=', domainId).where('name', '=', name).executeTakeFirst();
    return row ?? null;
  }

  async users(filter: ListFilter = {}): Promise<User[]> {
    let q = this.db.selectFrom('users').selectAll().orderBy('name');
    if (filter.name !== undefined) q = q.where('name', '=', filter.name);
    if (filter.domainId !== undefined) q = q.where('domain_id', '=', filter.domainId);
    return q.execute();
  }

  async roles(filter: ListFilter = {}): Promise<Role[]> {
    let q = this.db.selectFrom('roles').selectAll().orderBy('name');
    if (filter.name !== undefined) q = q.where('name', '=', filter.name);
    return q.execute();
  }

  async role(id: string): Promise<Role | null> {
    return (await this.db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  /** The roles a user holds on a project (none means no access). */
  async rolesOn(userId: string, projectId: string): Promise<Role[]> {
    return this.db
      .selectFrom('role_assignments as a')
      .innerJoin('roles as r', 'r.id', 'a.role_id')
      .select(['r.id', 'r.name'])
      .where('a.user_id', '=', userId)
      .where('a.project_id', '=', projectId)
      .orderBy('r.name')
      .execute();
  }

  /** Projects on which the user holds any role. */
  async projectsOf(userId: string): Promise<Project[]> {
    return this.db
      .selectFrom('projects as p')
      .selectAll('p')
      .where('p.id', 'in', (qb) => qb.selectFrom('role_assignments').select('project_id').where('user_id', '=', userId))
      .orderBy('p.name')
      .execute();
  }

  async createProject(p: Project): Promise<void> {
    await this.db.insertInto('projects').values(p).execute();
  }

  async deleteProject(id: string): Promise<boolean> {
    await this.db.deleteFrom('role_assignments').where('project_id', '=', id).execute();
    const r = await this.db.deleteFrom('projects').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async createUser(u: User): Promise<void> {
    await this.db.insertInto('users').values(u).execute();
  }

  async deleteUser(id: string): Promise<boolean> {
    await this.db.deleteFrom('role_assignments').where('user_id', '=', id).execute();
    const r = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async setPasswordHash(userId: string, hash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
  }

  async assign(userId: string, projectId: string, roleId: string): Promise<void> {
    const exists = await this.db.selectFrom('role_assignments').select('user_id')
      .where('user_id', '=', userId).where('project_id', '=', projectId).where('role_id', '=', roleId).executeTakeFirst();
    if (!exists) await this.db.insertInto('role_assignments').values({ user_id: userId, project_id: projectId, role_id: roleId }).execute();
  }

  async unassign(userId: string, projectId: string, roleId: string): Promise<void> {
    await this.db.deleteFrom('role_assignments')
      .where('user_id', '=', userId).where('project_id', '=', projectId).where('role_id', '=', roleId).execute();
  }
}
