// Being written (foundation issue): the worker side of the compute domain.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../store/schema.js';
import type { ComputeDriver } from '../drivers/driver.js';
import type { HostService } from './hosts.js';
import type { ImageService } from '../image/service.js';
import type { JobHandler } from '../jobs/worker.js';

export interface ComputeManagerDeps {
  readonly db: Kysely<Database>;
  readonly driver: ComputeDriver;
  readonly hosts: HostService;
  readonly images: ImageService;
  readonly config: Config;
  readonly logger: Logger;
}

export class ComputeManager {
  constructor(readonly deps: ComputeManagerDeps) {}
  handlers(): Record<string, JobHandler> {
    return {};
  }
  async recover(): Promise<void> {}
  startPeriodicTasks(): NodeJS.Timeout {
    return setInterval(() => undefined, 60_000).unref();
  }
}
