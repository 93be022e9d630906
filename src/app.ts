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
import { CONTROLLER_HOST, HostService } from './compute/hosts.js';
import { isUniqueViolation } from './store/dialect.js';
import { ComputeApi } from './compute/api.js';
import { InstanceRowCache } from './compute/instance-row-cache.js';
import { ComputeManager } from './compute/manager.js';
import { JobQueue } from './jobs/queue.js';
import { Worker } from './jobs/worker.js';
import { registerNoVnc } from './api/console-proxy/novnc-static.js';
import { registerVncProxy } from './api/console-proxy/vnc-proxy.js';
import { FakeDriver } from './drivers/fake/driver.js';
import type { ComputeDriver } from './drivers/driver.js';
import { ensureSampleImage, qemuDriver, realHostCapacity } from './drivers/qemu/setup.js';
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
  /** Another process (a cluster API child) enqueued jobs: wake this process's workers. */
  wakeJobs(): void;
  close(): Promise<void>;
}

/**
 * What one process does. `all` (`novum serve`): the APIs and the hypervisors of every simulated
 * host. `api` (`novum api`, and each child of `novum serve --workers N`): the APIs only.
 * `compute` (`novum compute --host NAME`): the hypervisor of one host, no HTTP.
 */
export interface ProcessRole {
  readonly kind: 'all' | 'api' | 'compute';
  /** the host a compute process runs */
  readonly host?: string;
  /** how an API process without LISTEN/NOTIFY tells the process that runs jobs (cluster IPC) */
  readonly wakeJobs?: () => void;
}

export async function createNovum(config: Config, opts: { logger?: Logger; role?: ProcessRole } = {}): Promise<Novum> {
  // The qemu driver runs one host: this machine, with its real capacity.
  if (config.driver === 'qemu') config = { ...config, ...realHostCapacity(config.dataDir) };
  const role: ProcessRole = opts.role ?? { kind: 'all' };
  const ownHosts = role.kind === 'compute' ? [role.host ?? 'compute-1'] : null;
  const logger = opts.logger ?? pino({ level: config.logLevel, base: { service: 'novum' } });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const db = store.db;

  // Rows read earlier stay valid only if no other process writes the store: one `novum serve` on SQLite.
  const soleWriter = role.kind === 'all' && config.workers <= 1 && store.watchInstanceWrites !== undefined;
  const rowCache = soleWriter && config.rowCache ? new InstanceRowCache(store.watchInstanceWrites!) : undefined;
  // Flavors, images, quota limits and compute services read earlier, likewise (table-writes.ts).
  const writes = soleWriter && config.rowCache ? store.tableWrites : undefined;
  const identity = new IdentityService(db, config);
  const images = new ImageService(db, config, writes);
  const flavors = new FlavorService(db, writes);
  const keypairs = new KeypairService(db, store.engine);
  const hosts = new HostService(db, config, writes);
  const quotas = new QuotaService(db, store.engine, writes);
  const queue = new JobQueue(db, store.engine);
  const driver: ComputeDriver = config.driver === 'qemu' ? qemuDriver(config.dataDir, images, config.qemuBootTimeout) : new FakeDriver({ delayMs: config.fakeDelay });
  const compute = new ComputeApi({ db, engine: store.engine, queue, flavors, images, keypairs, hosts, quotas, config, rowCache, writes });
  const manager = new ComputeManager({ db, engine: store.engine, queue, driver, hosts, images, config, logger, ownHosts });
  const volumes = new VolumeService({ db, queue, images, servers: compute, ...(config.driver === 'qemu' ? { hypervisor: manager } : {}) });
  const worker = new Worker(queue, { ...manager.handlers(), ...volumes.handlers() }, logger, { hosts: ownHosts });
  // Instant builds run in the create's transaction, unless the worker is stopped (tests watch BUILD then).
  queue.setInlineRunner((trx, job) => (worker.running ? manager.runInline(trx, job) : Promise.resolve(false)));
  const network = new NetworkDomain({ db, compute, quotas, hypervisor: manager });

  // The seeds are independent: side by side, their writes share commits and the password hashing overlaps them.
  await Promise.all([
    onceAcrossProcesses(() => identity.bootstrap()),
    onceAcrossProcesses(() => images.seed()),
    onceAcrossProcesses(() => flavors.seed()),
    onceAcrossProcesses(() => registerHosts(hosts, role, ownHosts)),
  ]);
  const runsJobs = role.kind !== 'api';
  if (config.driver === 'qemu' && runsJobs) await ensureSampleImage(db, images, config.dataDir);
  if (runsJobs) await manager.recover();
  await wireWakeUps(store, queue, role, runsJobs);

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
  registerNoVnc(http);
  registerVncProxy(http, { connectInfo: (t) => network.consoles.connectInfo(t), openVnc: driver.openVnc?.bind(driver), logger, publicUrl: config.publicUrl });
  if (runsJobs) worker.start();
  const periodic = runsJobs ? manager.startPeriodicTasks() : hostHeartbeat(hosts, logger);

  return {
    config, store, http, services, logger, worker,
    wakeJobs: () => queue.wakeLocal(),
    async listen() {
      await http.listen({ host: config.host, port: config.port });
      const addr = http.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      return `http://${config.host}:${port}`;
    },
    async close() {
      clearInterval(periodic);
      await worker.stop();
      await driver.close?.();
      await http.close();
      await store.close();
    },
  };
}

/**
 * New jobs wake the processes that run them: in-process always; across processes by PostgreSQL
 * NOTIFY/LISTEN, or (SQLite) by the API child's message to its cluster primary. Workers also poll.
 */
async function wireWakeUps(store: Store, queue: JobQueue, role: ProcessRole, runsJobs: boolean): Promise<void> {
  if (store.engine === 'postgres') {
    queue.setBroadcast(() => void store.notify(JOBS_CHANNEL).catch(() => undefined));
    if (runsJobs) await store.listen(JOBS_CHANNEL, () => queue.wakeLocal());
  } else if (role.wakeJobs) {
    queue.setBroadcast(role.wakeJobs);
  }
}

const JOBS_CHANNEL = 'novum_jobs';

/** An API-only process reports for the controller services (scheduler, conductor). */
function hostHeartbeat(hosts: HostService, logger: Logger): NodeJS.Timeout {
  const beat = (): void => void hosts.heartbeat([CONTROLLER_HOST]).catch((err: unknown) => logger.warn({ err }, 'heartbeat failed'));
  beat();
  const timer = setInterval(beat, hosts.heartbeatIntervalMs());
  timer.unref();
  return timer;
}

/** The hosts this process brings: every simulated host (`serve`), the API controller, or its compute host. */
function registerHosts(hosts: HostService, role: ProcessRole, ownHosts: readonly string[] | null): Promise<void> {
  if (role.kind === 'all') return hosts.seedFakeHosts();
  if (role.kind === 'api') return hosts.registerControllers();
  return hosts.registerHosts(ownHosts ?? []);
}

/** First-start seeding run by several processes at once: the loser of a unique-key race tries again and finds it done. */
async function onceAcrossProcesses(work: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await work();
      return;
    } catch (err) {
      if (attempt >= 3 || !isUniqueViolation(err)) throw err;
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
}
