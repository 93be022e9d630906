/**
 * Key pairs: per-user public keys injected into servers. Nova: nova/compute/api.py KeypairAPI
 * and nova/objects/keypair.py.
 */
import type { Kysely } from 'kysely';
import type { Database, KeypairRecord } from '../store/schema.js';
import { NovaError, badRequest, conflict, forbidden, notFound } from '../errors.js';
import { nowIso } from '../util/time.js';
import { isUniqueViolation, type Engine } from '../store/dialect.js';
import { fits, lockQuota } from './quota-check.js';
import { countKeypairs } from './quota-usage.js';
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
  /** the key_pairs limit (Nova: the smaller of the caller's project and user limits); -1 is unlimited */
  readonly maxKeypairs: number;
  /** 2.92: names may also hold '@' and '.' */
  readonly extendedName?: boolean;
}

const SAFE_NAME = /^[a-zA-Z0-9_\- ]*$/;
const SAFE_NAME_V292 = /^[a-zA-Z0-9_\-@. ]*$/;

const invalidKeypair = (reason: string): NovaError => badRequest(`Keypair data is invalid: ${reason}`);

/** Nova: KeypairLimitExceeded. */
const tooManyKeypairs = (): NovaError => forbidden('Quota exceeded, too many key pairs.');

export const keypairNotFound = (name: string, userId: string): NovaError =>
  notFound(`Keypair ${name} not found for user ${userId}`);

function toKeypair(row: KeypairRecord): StoredKeypair {
  return {
    id: row.id, name: row.name, user_id: row.user_id, fingerprint: row.fingerprint,
    public_key: row.public_key, type: row.type, created_at: row.created_at,
  };
}

export class KeypairService {
  constructor(readonly db: Kysely<Database>, readonly engine: Engine = 'sqlite') {}

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
    if (!(k.extendedName ? SAFE_NAME_V292 : SAFE_NAME).test(k.name)) throw invalidKeypair('Keypair name contains unsafe characters');
    if (k.name.length < 1 || k.name.length > 255) {
      throw invalidKeypair('Keypair name must be string and between 1 and 255 characters long');
    }
    // Nova checks the quota before the key; the check that counts is repeated under the lock below.
    if (!fits(k.maxKeypairs, await this.count(k.userId), 1)) throw tooManyKeypairs();
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
    const row = { user_id: k.userId, name: k.name, fingerprint, public_key: publicKey, type, created_at: nowIso() };
    const stored = await this.#insertWithinQuota(row, k.maxKeypairs);
    return privateKey === undefined ? stored : { ...stored, private_key: privateKey };
  }

  /** Count, name check and insert as one step under the user's key-pair lock. */
  async #insertWithinQuota(row: Omit<KeypairRecord, 'id'>, max: number): Promise<StoredKeypair> {
    const taken = () => conflict(`Key pair '${row.name}' already exists.`);
    try {
      return await this.db.transaction().execute(async (trx) => {
        await lockQuota(trx, this.engine, `keypairs:${row.user_id}`);
        if (!fits(max, await countKeypairs(trx, row.user_id), 1)) throw tooManyKeypairs();
        const exists = await trx.selectFrom('keypairs').select('id').where('user_id', '=', row.user_id).where('name', '=', row.name).executeTakeFirst();
        if (exists) throw taken();
        return toKeypair(await trx.insertInto('keypairs').values(row).returningAll().executeTakeFirstOrThrow());
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw taken();
      throw e;
    }
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
