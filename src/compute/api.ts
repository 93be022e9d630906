// Being written (foundation issue): the API side of the compute domain.
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../store/schema.js';
import type { JobQueue } from '../jobs/queue.js';
import type { FlavorService } from './flavors.js';
import type { ImageService } from '../image/service.js';
import type { KeypairService } from './keypairs.js';
import type { HostService } from './hosts.js';
import type { QuotaService } from './quotas.js';

export interface ComputeApiDeps {
  readonly db: Kysely<Database>;
  readonly queue: JobQueue;
  readonly flavors: FlavorService;
  readonly images: ImageService;
  readonly keypairs: KeypairService;
  readonly hosts: HostService;
  readonly quotas: QuotaService;
  readonly config: Config;
}

export class ComputeApi {
  constructor(readonly deps: ComputeApiDeps) {}
}
