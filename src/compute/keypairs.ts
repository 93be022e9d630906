/**
 * Key pairs: per-user public keys injected into servers. Nova: nova/compute/api.py KeypairAPI
 * and nova/objects/keypair.py.
 */
import type { Kysely } from 'kysely';
import type { Database, KeypairRecord } from '../store/schema.js';
import { NovaError, badRequest, conflict, forbidden, notFound } from '../errors.js';
import { nowIso } from '../util/time.js';
import { InvalidPublicKey, generateSshKey, sshFingerprint, x509Fingerprint } from './ssh-keys.js';
import { generateX509 } from './x509.js';

export interface Keypair {
  readonly name: string;
  readonly user_id: string;
  readonly fingerprint: string;
  readonly public_key: string;
  readonly type: string;
  readonly created_at: string;
}

/** A stored key pair with its row id (shown as `id` by GET /os-keypairs/{name}). */
export interface StoredKeypair extends Keypair {
  readonly id: number;
}

/** A key pair just made; `private_key` only when Novum generated the key. */
export interface CreatedKeypair extends StoredKeypair {
  readonly private_key?: string;
}

export interface NewKeypair {
  readonly userId: string;
  readonly name: string;
  /** 'ssh' (default) or 'x509' */
  readonly type?: string;
  /** absent: a new RSA key is generated */
  readonly publicKey?: string;
  /** the user's key_pairs quota; -1 is unlimited */
  readonly maxKeypairs: number;
}

const SAFE_NAME = /^[a-zA-Z0-9_\- ]*$/;

const invalidKeypair = (reason: string): NovaError => badRequest(`Keypair data is invalid: ${reason}`);

export const keypairNotFound = (name: string, userId: string): NovaError =>
  notFound(`Keypair ${name} not found for user ${userId}`);

function toKeypair(row: KeypairRecord): StoredKeypair {
  return {
    id: row.id, name: row.name, user_id: row.user_id, fingerprint: row.fingerprint,
    public_key: row.public_key, type: row.type, created_at: row.created_at,
  };
}

export class KeypairService {
  constructor(readonly db: Kysely<Database>) {}

  async get(userId: string, name: string): Promise<StoredKeypair | null> {
    const row = await this.db.selectFrom('keypairs').selectAll()
      .where('user_id', '=', userId).where('name', '=', name).executeTakeFirst();
    return row ? toKeypair(row) : null;
  }

  /** The user's key pairs by name; after `marker` (a name) and at most `limit` when given. */
  async list(userId: string, page: { limit?: number; marker?: string } = {}): Promise<StoredKeypair[]> {
    if (page.marker !== undefined && !(await this.get(userId, page.marker))) {
      throw badRequest(`Marker ${page.marker} could not be found.`);
    }
    let q = this.db.selectFrom('keypairs').selectAll().where('user_id', '=', userId);
    if (page.marker !== undefined) q = q.where('name', '>', page.marker);
    q = q.orderBy('name').orderBy('id');
    if (page.limit !== undefined) q = q.limit(page.limit);
    return (await q.execute()).map(toKeypair);
  }

  async count(userId: string): Promise<number> {
    const row = await this.db.selectFrom('keypairs').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Imports `publicKey` or generates a key; the checks run in Nova's order (name, quota, key, name taken). */
  async create(k: NewKeypair): Promise<CreatedKeypair> {
    const type = k.type ?? 'ssh';
    // Nova: _validate_new_key_pair — unsafe characters first, then the length.
    if (!SAFE_NAME.test(k.name)) throw invalidKeypair('Keypair name contains unsafe characters');
    if (k.name.length < 1 || k.name.length > 255) {
      throw invalidKeypair('Keypair name must be string and between 1 and 255 characters long');
    }
    if (k.maxKeypairs >= 0 && (await this.count(k.userId)) + 1 > k.maxKeypairs) {
      throw forbidden('Quota exceeded, too many key pairs.');
    }
    let privateKey: string | undefined;
    let publicKey = k.publicKey;
    let fingerprint: string;
    if (publicKey === undefined) {
      if (type === 'x509') {
        const cert = generateX509(`${k.userId.slice(0, 8)}-${new Date().toISOString()}`);
        ({ certificate: publicKey, privateKey, fingerprint } = cert);
      } else {
        ({ publicKey, privateKey, fingerprint } = generateSshKey());
      }
    } else {
      fingerprint = fingerprintOf(publicKey, type);
    }
    if (await this.get(k.userId, k.name)) throw conflict(`Key pair '${k.name}' already exists.`);
    const created_at = nowIso();
    const row = { user_id: k.userId, name: k.name, fingerprint, public_key: publicKey, type, created_at };
    try {
      await this.db.insertInto('keypairs').values(row).execute();
    } catch {
      throw conflict(`Key pair '${k.name}' already exists.`);
    }
    const stored = (await this.get(k.userId, k.name))!;
    return privateKey === undefined ? stored : { ...stored, private_key: privateKey };
  }

  /** Deletes the user's key pair; 404 when there is none by that name. */
  async delete(userId: string, name: string): Promise<void> {
    const res = await this.db.deleteFrom('keypairs')
      .where('user_id', '=', userId).where('name', '=', name).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw keypairNotFound(name, userId);
  }
}

function fingerprintOf(publicKey: string, type: string): string {
  try {
    return type === 'x509' ? x509Fingerprint(publicKey) : sshFingerprint(publicKey);
  } catch (e) {
    if (e instanceof InvalidPublicKey) throw invalidKeypair('failed to generate fingerprint');
    throw e;
  }
}
