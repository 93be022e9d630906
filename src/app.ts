/**
 * The composition root: configuration → store → domains → jobs → HTTP. Nothing else wires
 * modules together, and nothing does work at import time.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { openStore, type Store } from './store/db.js';
import { createHttp } from './api/http.js';
import { NoAuth } from './api/auth.js';
import { registerComputeRoutes } from './api/compute/router.js';
import { registerComputeVersions } from './api/compute/versions.js';
import { computeRoutes } from './api/compute/routes.js';
import { IdentityService } from './identity/service.js';
import { registerIdentityApi } from './api/identity/routes.js';
import { ImageService } from './image/service.js';
import { registerImageApi } from './api/image/routes.js';
import { FlavorService } from './compute/flavors.js';
import { KeypairService } from './compute/keypairs.js';
import { HostService } from './compute/hosts.js';
import { ComputeApi } from './compute/api.js';
import { ComputeManager } from './compute/manager.js';
import { JobQueue } from './jobs/queue.js';
import { Worker } from './jobs/worker.js';
import { FakeDriver } from './drivers/fake/driver.js';
import { QuotaService } from './compute/quotas.js';
import { NetworkDomain } from './network/domain.js';
import { registerNetworkApi } from './api/network/routes.js';
import { VolumeService } from './volume/service.js';
import { ServerGroupService } from './compute/server-groups.js';
import { UsageReporter } from './compute/usage-report.js';
import { registerVolumeApi } from './api/volume/routes.js';

export interface Services {
  readonly config: Config;
  readonly identity: IdentityService;
  readonly images: ImageService;
  readonly flavors: FlavorService;
  readonly keypairs: KeypairService;
  readonly hosts: HostService;
  readonly quotas: QuotaService;
  readonly compute: ComputeApi;
  readonly network: NetworkDomain;
  readonly volumes: VolumeService;
  readonly serverGroups: ServerGroupService;
  readonly usage: UsageReporter;
}

export interface Novum {
  readonly config: Config;
  readonly store: Store;
  readonly http: FastifyInstance;
  readonly services: Services;
  readonly logger: Logger;
  /** runs queued jobs; tests stop it to observe transitional states */
  readonly worker: Worker;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function createNovum(config: Config, opts: { logger?: Logger } = {}): Promise<Novum> {
  const logger = opts.logger ?? pino({ level: config.logLevel, base: { service: 'novum' } });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const db = store.db;

  const identity = new IdentityService(db, config);
  const images = new ImageService(db, config);
  const flavors = new FlavorService(db);
  const keypairs = new KeypairService(db);
  const hosts = new HostService(db, config);
  const quotas = new QuotaService(db);
  const queue = new JobQueue(db, store.engine);
  const driver = new FakeDriver({ delayMs: config.fakeDelay });
  const compute = new ComputeApi({ db, engine: store.engine, queue, flavors, images, keypairs, hosts, quotas, config });
  const manager = new ComputeManager({ db, queue, driver, hosts, images, config, logger });
  const volumes = new VolumeService({ db, queue, images, servers: compute });
  const worker = new Worker(queue, { ...manager.handlers(), ...volumes.handlers() }, logger);
  const network = new NetworkDomain({ db, compute, quotas, hypervisor: manager });

  await identity.bootstrap();
  await images.seed();
  await flavors.seed();
  await hosts.seedFakeHosts();
  await manager.recover();

  const serverGroups = new ServerGroupService(db, quotas);
  const usage = new UsageReporter(db);
  const services: Services = { config, identity, images, flavors, keypairs, hosts, quotas, compute, network, volumes, serverGroups, usage };
  const authenticator = config.auth === 'noauth' ? new NoAuth() : identity;
  const http = createHttp({ logger, bodyLimit: config.bodyLimit, publicUrl: config.publicUrl, authenticator });
  registerComputeVersions(http, config.publicUrl);
  registerComputeRoutes(http, computeRoutes(services), config.publicUrl);
  registerIdentityApi(http, services);
  registerImageApi(http, services);
  registerNetworkApi(http, services);
  registerVolumeApi(http, services);
  worker.start();
  const periodic = manager.startPeriodicTasks();

  return {
    config, store, http, services, logger, worker,
    async listen() {
      await http.listen({ host: config.host, port: config.port });
      const addr = http.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      return `http://${config.host}:${port}`;
    },
    async close() {
      clearInterval(periodic);
      await worker.stop();
      await http.close();
      await store.close();
    },
  };
}
