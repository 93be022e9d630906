/**
 * Placeholder with the interface the rest of Novum uses; the flavors work replaces the body.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface Flavor {
  /** internal row id */
  readonly id: number;
  readonly flavorid: string;
  readonly name: string;
  readonly memory_mb: number;
  readonly vcpus: number;
  readonly root_gb: number;
  readonly ephemeral_gb: number;
  readonly swap: number;
  readonly rxtx_factor: number;
  readonly is_public: boolean;
  readonly disabled: boolean;
  readonly description: string | null;
  readonly extra_specs: Readonly<Record<string, string>>;
}

export class FlavorService {
  constructor(readonly db: Kysely<Database>) {}
  /** m1.tiny ... m1.xlarge with flavor ids 1-5, on first start. */
  async seed(): Promise<void> {}
  /** The flavor with this flavor id (not deleted), if the project may use it; null otherwise. */
  async get(_flavorid: string, _projectId?: string, _isAdmin?: boolean): Promise<Flavor | null> {
    return null;
  }
}
