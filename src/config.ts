/**
 * Every option Novum takes, as one table: a flag `--name`, an environment variable `NOVUM_NAME`,
 * a type and a default. docs/configuration.md lists the same table; keep both in step.
 */

export type OptionType = 'string' | 'int' | 'number' | 'boolean';

export interface OptionSpec {
  readonly name: string;
  readonly type: OptionType;
  readonly default: string | number | boolean;
  readonly help: string;
  readonly choices?: readonly string[];
  readonly min?: number;
}

export const OPTIONS = [
  { name: 'host', type: 'string', default: '127.0.0.1', help: 'address to listen on' },
  { name: 'port', type: 'int', default: 8774, min: 0, help: 'TCP port for every endpoint' },
  { name: 'data-dir', type: 'string', default: './.novum', help: 'directory holding the database and generated files' },
  { name: 'database-url', type: 'string', default: '', help: 'postgres://... to use PostgreSQL; empty means SQLite in the data dir' },
  { name: 'auth', type: 'string', default: 'keystone', choices: ['keystone', 'noauth'], help: 'keystone tokens, or noauth ("X-Auth-Token: user:project", as Nova noauth2)' },
  { name: 'public-url', type: 'string', default: '', help: 'base URL put in the catalog and links; empty means taken from each request' },
  { name: 'token-ttl', type: 'int', default: 3600, min: 1, help: 'seconds a Keystone token stays valid' },
  { name: 'reclaim-instance-interval', type: 'int', default: 0, min: 0, help: 'seconds a deleted server stays SOFT_DELETED; 0 deletes at once (Nova: reclaim_instance_interval)' },
  { name: 'shelved-offload-time', type: 'int', default: 0, min: -1, help: 'seconds before a shelved server is offloaded; 0 at once, -1 never (Nova: shelved_offload_time)' },
  { name: 'driver', type: 'string', default: 'fake', choices: ['fake', 'qemu'], help: 'the hypervisor: fake (simulated) or qemu (every server a QEMU virtual machine)' },
  { name: 'fake-hosts', type: 'int', default: 2, min: 1, help: 'simulated compute hosts (fake driver), in availability zone "nova"' },
  { name: 'fake-delay', type: 'int', default: 200, min: 0, help: 'milliseconds each simulated hypervisor step takes' },
  { name: 'fake-host-vcpus', type: 'int', default: 64, min: 1, help: 'vCPUs of each simulated host' },
  { name: 'fake-host-memory-mb', type: 'int', default: 262144, min: 1, help: 'RAM (MB) of each simulated host' },
  { name: 'fake-host-disk-gb', type: 'int', default: 4096, min: 1, help: 'disk (GB) of each simulated host' },
  { name: 'cpu-allocation-ratio', type: 'number', default: 16, min: 0, help: 'vCPU overcommit ratio (Nova: cpu_allocation_ratio)' },
  { name: 'ram-allocation-ratio', type: 'number', default: 1.5, min: 0, help: 'RAM overcommit ratio (Nova: ram_allocation_ratio)' },
  { name: 'disk-allocation-ratio', type: 'number', default: 1, min: 0, help: 'disk overcommit ratio (Nova: disk_allocation_ratio)' },
  { name: 'allow-resize-to-same-host', type: 'boolean', default: false, help: 'resize may keep the server on its host (Nova: allow_resize_to_same_host); needed with one host, as the qemu driver' },
  { name: 'qemu-boot-timeout', type: 'int', default: 180, min: 1, help: 'seconds a qemu guest may take to print its boot marker before the server goes to ERROR' },
  { name: 'max-limit', type: 'int', default: 1000, min: 1, help: 'largest page a list returns (Nova: [api] max_limit)' },
  { name: 'body-limit', type: 'int', default: 1048576, min: 1024, help: 'largest request body in bytes; larger gets 413' },
  { name: 'service-down-time', type: 'int', default: 60, min: 1, help: 'seconds without a heartbeat after which a service is down (Nova: service_down_time)' },
  { name: 'row-cache', type: 'boolean', default: true, help: 'keep server rows, flavors, images, quota limits and compute services read from a single-process SQLite store in memory until they are written (false: read every request from the database)' },
  { name: 'workers', type: 'int', default: 1, min: 1, help: 'API processes `novum serve` runs (node:cluster); jobs run in the primary' },
  { name: 'compute-host', type: 'string', default: 'compute-1', help: 'the host `novum compute` runs (also given as `novum compute --host NAME`)' },
  { name: 'log-level', type: 'string', default: 'info', choices: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], help: 'pino log level' },
] as const satisfies readonly OptionSpec[];

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string;
  readonly auth: 'keystone' | 'noauth';
  readonly publicUrl: string;
  readonly tokenTtl: number;
  readonly reclaimInstanceInterval: number;
  readonly shelvedOffloadTime: number;
  readonly driver: 'fake' | 'qemu';
  readonly fakeHosts: number;
  readonly fakeDelay: number;
  readonly fakeHostVcpus: number;
  readonly fakeHostMemoryMb: number;
  readonly fakeHostDiskGb: number;
  readonly cpuAllocationRatio: number;
  readonly ramAllocationRatio: number;
  readonly diskAllocationRatio: number;
  readonly allowResizeToSameHost: boolean;
  readonly qemuBootTimeout: number;
  readonly maxLimit: number;
  readonly bodyLimit: number;
  readonly serviceDownTime: number;
  readonly rowCache: boolean;
  readonly workers: number;
  readonly computeHost: string;
  readonly logLevel: string;
}

/** A bad option; main prints its message on one line and exits 2. */
export class ConfigError extends Error {}

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
export const envName = (name: string): string => `NOVUM_${name.replace(/-/g, '_').toUpperCase()}`;

function parseValue(spec: OptionSpec, raw: string, source: string): string | number | boolean {
  const bad = (why: string): never => {
    throw new ConfigError(`invalid value ${JSON.stringify(raw)} for ${source}: ${why}`);
  };
  let value: string | number | boolean = raw;
  if (spec.type === 'int') {
    if (!/^-?\d+$/.test(raw.trim())) bad('expected a whole number');
    value = Number(raw);
  } else if (spec.type === 'number') {
    if (raw.trim() === '' || !Number.isFinite(Number(raw))) bad('expected a number');
    value = Number(raw);
  } else if (spec.type === 'boolean') {
    if (!/^(true|false|1|0|yes|no)$/i.test(raw)) bad('expected true or false');
    value = /^(true|1|yes)$/i.test(raw);
  }
  if (spec.choices && !spec.choices.includes(String(value))) bad(`expected one of ${spec.choices.join(', ')}`);
  if (typeof value === 'number' && spec.min !== undefined && value < spec.min) bad(`must be at least ${spec.min}`);
  return value;
}

/**
 * Builds the configuration: defaults, overridden by NOVUM_* environment variables, overridden by
 * flags. `overrides` (used by tests) wins over everything.
 */
export function loadConfig(
  flags: Readonly<Record<string, string>> = {},
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Config> = {},
): Config {
  const out: Record<string, unknown> = {};
  const known = new Set<string>(OPTIONS.map((o) => o.name));
  for (const flag of Object.keys(flags)) {
    if (!known.has(flag)) throw new ConfigError(`unknown option --${flag} (see docs/configuration.md)`);
  }
  for (const spec of OPTIONS as readonly OptionSpec[]) {
    let value = spec.default;
    const fromEnv = env[envName(spec.name)];
    if (fromEnv !== undefined && fromEnv !== '') value = parseValue(spec, fromEnv, envName(spec.name));
    const fromFlag = flags[spec.name];
    if (fromFlag !== undefined) value = parseValue(spec, fromFlag, `--${spec.name}`);
    out[camel(spec.name)] = value;
  }
  return Object.freeze({ ...(out as unknown as Config), ...overrides });
}
