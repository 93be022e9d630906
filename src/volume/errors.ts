/** Block-storage errors, worded as Cinder's exceptions (and as Nova relays them). */
import { badRequest, notFound, type NovaError } from '../errors.js';

export const volumeNotFound = (id: string): NovaError => notFound(`Volume ${id} could not be found.`);
export const snapshotNotFound = (id: string): NovaError => notFound(`Snapshot ${id} could not be found.`);
/** Cinder: InvalidVolume ("Invalid volume: <reason>"), a 400. */
export const invalidVolume = (reason: string): NovaError => badRequest(`Invalid volume: ${reason}`);
/** Cinder: InvalidInput ("Invalid input received: <reason>"), a 400. */
export const invalidInput = (reason: string): NovaError => badRequest(`Invalid input received: ${reason}`);
/** Nova: InvalidBDM and its subclasses. */
export const invalidBdm = (reason: string): NovaError => badRequest(`Block Device Mapping is Invalid: ${reason}`);

/** Cinder's refusal to delete a volume that is attached, has snapshots or is busy. */
export const DELETE_REFUSED = 'Volume status must be available or error or error_restoring or error_extending or error_managing '
  + 'and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, '
  + 'or be disassociated from snapshots after volume transfer.';

/** Kilo Nova's check_attach wording for a volume that cannot be attached. */
export const notAvailable = (id: string, status: string): NovaError =>
  invalidVolume(`volume '${id}' status must be 'available'. Currently in '${status}'`);
