/**
 * Placeholder with the interface the rest of Novum uses; the keypairs work replaces the body.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface Keypair {
  readonly name: string;
  readonly user_id: string;
  readonly fingerprint: string;
  readonly public_key: string;
  readonly type: string;
  readonly created_at: string;
}

export class KeypairService {
  constructor(readonly db: Kysely<Database>) {}
  async get(_userId: string, _name: string): Promise<Keypair | null> {
    return null;
  }
}
