#!/usr/bin/env node
/**
 * `novum serve|api|compute [--option value ...]`: runs Novum in the foreground. Options come from
 * flags and NOVUM_* environment variables (docs/configuration.md). A bad option, a busy port or
 * an unwritable data dir ends with one line on stderr, never a stack trace.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, OPTIONS, envName, type Config } from './config.js';
import { createNovum } from './app.js';
import { serveCluster } from './cluster.js';
import { announce, closeOnSignals, listenOrExplain } from './process-lifecycle.js';
import { buildSample } from './build-sample.js';

function usage(): string {
  const lines = OPTIONS.map((o) => `  --${o.name.padEnd(28)} ${o.help} (default ${JSON.stringify(o.default)}; env ${envName(o.name)})`);
  return 'usage: novum serve [options]          the APIs and every simulated host, in one process (--workers N: N API processes)\n'
    + '       novum api [options]            the APIs only (several of them share one PostgreSQL)\n'
    + '       novum compute --host NAME [options]   the hypervisor of one host, no HTTP\n'
    + '       novum image build-sample [options]    build the qemu driver\'s sample guest and register it as an image\n'
    + `\noptions:\n${lines.join('\n')}\n`;
}

function parseFlags(argv: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new ConfigError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    if (eq !== -1) {
      flags[arg.slice(2, eq)] = arg.slice(eq + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new ConfigError(`option ${arg} needs a value`);
      flags[arg.slice(2)] = value;
      i++;
    }
  }
  return flags;
}

/** The data dir holds the SQLite database (unless PostgreSQL is used), clouds.yaml and image files. */
function checkDataDir(config: Config): void {
  try {
    // One level at a time: a recursive mkdir spins forever under /proc on Node 20.
    const missing: string[] = [];
    let dir = path.resolve(config.dataDir);
    while (!existsSync(dir)) {
      missing.unshift(dir);
      dir = path.dirname(dir);
    }
    for (const d of missing) mkdirSync(d);
    const probe = path.join(config.dataDir, `.probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    throw new ConfigError(`data dir ${path.resolve(config.dataDir)} is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

async function serve(config: Config): Promise<void> {
  if (config.workers > 1) return serveCluster(config);
  const novum = await createNovum(config);
  const url = await listenOrExplain(novum, config);
  await announce(novum, url);
  closeOnSignals(() => novum.close());
}

async function api(config: Config): Promise<void> {
  const novum = await createNovum(config, { role: { kind: 'api' } });
  const url = await listenOrExplain(novum, config);
  await announce(novum, url);
  closeOnSignals(() => novum.close());
}

async function compute(config: Config): Promise<void> {
  const novum = await createNovum(config, { role: { kind: 'compute', host: config.computeHost } });
  process.stdout.write(`Novum compute host ${config.computeHost} is running\n`);
  closeOnSignals(() => novum.close());
}

const COMMANDS: Readonly<Record<string, (config: Config) => Promise<void>>> = { serve, api, compute, 'image build-sample': buildSample };

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv[0] === 'image' && argv[1] === 'build-sample' ? ['image build-sample', ...argv.slice(2)] : argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h' || rest.includes('--help')) {
    process.stdout.write(usage());
    return;
  }
  const run = COMMANDS[command];
  if (!run) throw new ConfigError(`unknown command ${JSON.stringify(command)}; try "novum serve"`);
  const flags = parseFlags(rest);
  // `novum compute --host NAME` names the compute host, not the address to listen on.
  if (command === 'compute' && flags.host !== undefined) {
    flags['compute-host'] = flags.host;
    delete flags.host;
  }
  const config = loadConfig(flags);
  checkDataDir(config);
  await run(config);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const msg = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
  process.stderr.write(`novum: ${msg}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
