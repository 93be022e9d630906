/**
 * Unshelve, API side (Nova: compute/api.py unshelve). From 2.77 a shelved-offloaded server may be
 * unshelved into another availability zone; from 2.91 an admin may name the host, and a zone of
 * null unpins the server. The unshelve job then places the server on that host or in that zone.
 */
import { badRequest, conflict, instanceLocked, invalidState, policyForbidden } from '../errors.js';
import type { Actor } from './action-log.js';
import type { HostService } from './hosts.js';
import type { InstanceQueries } from './instance-queries.js';
import { GUARDS, VM, violation } from './states.js';
import type { Transitions } from './transition.js';

/** `zone`: undefined = not given (the server keeps its zone), null = unpin (2.91). */
export interface UnshelveOptions {
  readonly zone?: string | null;
  readonly host?: string;
}

export async function unshelveServer(
  hosts: HostService, t: Transitions, q: InstanceQueries, actor: Actor, uuid: string, o: UnshelveOptions,
): Promise<void> {
  const inst = await q.get(actor, uuid);
  if (inst.locked && !actor.isAdmin) throw instanceLocked(uuid);
  const bad = violation(GUARDS.unshelve, inst.vm_state, inst.task_state);
  if (bad) throw invalidState('unshelve', uuid, bad.attr, bad.state);
  const zonePassed = o.zone !== undefined;
  if ((zonePassed || o.host) && inst.vm_state !== VM.SHELVED_OFFLOADED) {
    throw conflict(`Specifying an availability zone or a host when unshelving server "${uuid}" with status "${inst.vm_state}" is not supported. The server status must be SHELVED_OFFLOADED.`);
  }
  const computes = (await hosts.services()).filter((s) => s.binary === 'nova-compute');
  if (o.zone && !computes.some((s) => s.availability_zone === o.zone && !s.disabled && hosts.isUp(s))) {
    throw badRequest('The requested availability zone is not available');
  }
  if (o.host) {
    if (!actor.isAdmin) throw policyForbidden('os_compute_api:os-shelve:unshelve_to_host');
    const service = computes.find((s) => s.host === o.host);
    if (!service) throw badRequest(`Compute host ${o.host} could not be found.`);
    // Nova compares with the zone the server will be pinned to: the new one when given.
    if (o.zone && service.availability_zone !== o.zone) {
      throw conflict(`Host "${o.host}" is not in the availability zone "${o.zone}".`);
    }
  }
  await t.apply(actor, uuid, {
    guard: 'unshelve', name: 'unshelve', record: 'unshelve', checkLock: true, taskState: 'unshelving',
    ...(zonePassed ? { set: { availability_zone: o.zone ?? null } } : {}),
    job: { kind: 'unshelve', payload: o.host ? { host: o.host } : {} },
  });
}
