/**
 * Opaque bearer tokens: 32 random bytes (base64url) handed out once, stored only as their
 * sha256, valid for the configured TTL until revoked.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, TokenRow } from '../store/schema.js';
import { isoPlusSeconds, nowIso } from '../util/time.js';

export type TokenRecord = Selectable<TokenRow>;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class TokenStore {
  constructor(private readonly db: Kysely<Database>, private readonly ttlSeconds: number) {}

  /** Issues a token; returns the token text (never stored) and its record. */
  async issue(userId: string, projectId: string, methods: readonly string[], auditIds: readonly string[] = []): Promise<{ token: string; record: TokenRecord }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const record: TokenRecord = {
      id_hash: hashToken(token),
      user_id: userId,
      project_id: projectId,
      audit_id: [randomBytes(16).toString('base64url').slice(0, 22), ...auditIds].join(' '),
      methods: JSON.stringify(methods),
      issued_at: nowIso(now),
      expires_at: isoPlusSeconds(this.ttlSeconds, now),
      revoked: 0,
    };
    await this.db.insertInto('tokens').values(record).execute();
    return { token, record };
  }

  /** The record of a live token, or null when unknown, expired or revoked. */
  async find(token: string): Promise<TokenRecord | null> {
    const row = await this.db.selectFrom('tokens').selectAll().where('id_hash', '=', hashToken(token)).executeTakeFirst();
    if (!row || row.revoked || row.expires_at <= nowIso()) return null;
    return row;
  }

  async revoke(token: string): Promise<void> {
    await this.db.updateTable('tokens').set({ revoked: 1 }).where('id_hash', '=', hashToken(token)).execute();
  }

  /** Forgets tokens that expired more than a day ago. */
  async purgeExpired(): Promise<void> {
    await this.db.deleteFrom('tokens').where('expires_at', '<', isoPlusSeconds(-86400)).execute();
  }
}
