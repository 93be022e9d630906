/** Key pair views (Nova: nova/api/openstack/compute/views/keypairs.py). */
import type { CreatedKeypair, StoredKeypair } from '../../../compute/keypairs.js';
import type { RequestContext } from '../../context.js';
import { isoMicros } from '../../../util/time.js';

type Body = Record<string, unknown>;

/** List item: name, public_key, fingerprint (+ type from 2.2). */
export function indexItem(ctx: RequestContext, k: StoredKeypair): { keypair: Body } {
  const out: Body = { name: k.name, public_key: k.public_key, fingerprint: k.fingerprint };
  if (ctx.mv.atLeast('2.2')) out.type = k.type;
  return { keypair: out };
}

/** Create answer: + user_id, private_key when generated, type from 2.2. */
export function created(ctx: RequestContext, k: CreatedKeypair): { keypair: Body } {
  const out: Body = { name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, user_id: k.user_id };
  if (k.private_key !== undefined) out.private_key = k.private_key;
  if (ctx.mv.atLeast('2.2')) out.type = k.type;
  return { keypair: out };
}

/** GET /os-keypairs/{name}: the record with Nova's soft-delete columns (never deleted here). */
export function show(ctx: RequestContext, k: StoredKeypair): { keypair: Body } {
  const out: Body = {
    name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, user_id: k.user_id,
    created_at: isoMicros(k.created_at), deleted: false, deleted_at: null, id: k.id, updated_at: null,
  };
  if (ctx.mv.atLeast('2.2')) out.type = k.type;
  return { keypair: out };
}
