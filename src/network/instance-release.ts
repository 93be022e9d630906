/**
 * The network side of deleting a server (called from the compute manager in the delete's
 * transaction): Neutron disassociates floating IPs from a deleted port but keeps them allocated
 * to the project; the server's console tokens are invalidated (Nova: clean_console_auths_for_instance);
 * it leaves its security groups.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { nowIso } from '../util/time.js';
import { unbindInstance } from './instance-security-groups.js';
import { netDb } from './tables.js';

/** A server's deletion: its floating IPs stay allocated to the project, disassociated; its console tokens go. */
export async function releaseInstanceNetwork(db: Kysely<Database>, instanceUuid: string): Promise<void> {
  const trx = netDb(db);
  await trx.updateTable('floating_ips').set({ instance_uuid: null, fixed_address: null, updated_at: nowIso() })
    .where('instance_uuid', '=', instanceUuid).execute();
  await trx.deleteFrom('console_auth_tokens').where('instance_uuid', '=', instanceUuid).execute();
  await unbindInstance(db, instanceUuid);
}
