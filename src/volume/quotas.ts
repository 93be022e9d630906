/**
 * Cinder's quota report for the built-in block storage: DevStack's default limits (Cinder's
 * quota_* options, one volume type `lvmdriver-1` without limits of its own) and what a project
 * uses. Novum reports these limits but does not enforce them on volume create.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { VOLUME_TYPE } from './defaults.js';

/** Cinder's defaults (quota_volumes, quota_snapshots, quota_gigabytes, quota_backups, ...). */
export const VOLUME_QUOTA_DEFAULTS: Readonly<Record<string, number>> = {
  volumes: 10, snapshots: 10, gigabytes: 1000, backups: 10, backup_gigabytes: 1000, groups: 10, per_volume_gigabytes: -1,
  [`volumes_${VOLUME_TYPE}`]: -1, [`gigabytes_${VOLUME_TYPE}`]: -1, [`snapshots_${VOLUME_TYPE}`]: -1,
};

/** What a project uses, per quota resource (absent resources use nothing). */
export type VolumeUsage = Record<string, number>;

export class VolumeQuotas {
  constructor(private readonly db: Kysely<Database>) {}

  /** Volumes and snapshots count; gigabytes add up both (Cinder counts snapshot sizes too). */
  async usage(projectId: string): Promise<VolumeUsage> {
    const vols = await this.db.selectFrom('volumes')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('gb')])
      .where('project_id', '=', projectId).executeTakeFirstOrThrow();
    const snaps = await this.db.selectFrom('volume_snapshots')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('gb')])
      .where('project_id', '=', projectId).executeTakeFirstOrThrow();
    const volumes = Number(vols.n);
    const snapshots = Number(snaps.n);
    const gigabytes = Number(vols.gb ?? 0) + Number(snaps.gb ?? 0);
    return {
      volumes, snapshots, gigabytes,
      [`volumes_${VOLUME_TYPE}`]: volumes, [`snapshots_${VOLUME_TYPE}`]: snapshots, [`gigabytes_${VOLUME_TYPE}`]: gigabytes,
    };
  }
}
