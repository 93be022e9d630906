#!/usr/bin/env node
/**
 * `novum serve [--option value ...]`: starts every endpoint in the foreground. Options come from
 * flags and NOVUM_* environment variables (docs/configuration.md). A bad option, a busy port or
 * an unwritable data dir ends with one line on stderr, never a stack trace.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, OPTIONS, envName, type Config } from './config.js';
import { createNovum } from './app.js';

function usage(): string {
  const lines = OPTIONS.map((o) => `  --${o.name.padEnd(28)} ${o.help} (default ${JSON.stringify(o.default)}; env ${envName(o.name)})`);
  return `usage: novum serve [options]\n\noptions:\n${lines.join('\n')}\n`;
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

function checkDataDir(config: Config): void {
  if (config.databaseUrl) return;
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

async function serve(argv: readonly string[]): Promise<void> {
  const config = loadConfig(parseFlags(argv));
  checkDataDir(config);
  const novum = await createNovum(config);
  let url: string;
  try {
    url = await novum.listen();
  } catch (err) {
    await novum.close().catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`port ${config.port} on ${config.host} is already in use`);
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new ConfigError(`cannot listen on ${config.host}:${config.port} (${code})`);
    throw err;
  }
  const clouds = await novum.services.identity.writeCloudsYaml(url);
  process.stdout.write(`Novum is serving at ${url} (compute ${url}/compute/v2.1, identity ${url}/identity/v3, image ${url}/image)\n`);
  process.stdout.write(`export OS_CLIENT_CONFIG_FILE=${clouds} OS_CLOUD=novum\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    novum.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage());
    return;
  }
  if (command !== 'serve') throw new ConfigError(`unknown command ${JSON.stringify(command)}; try "novum serve"`);
  if (rest.includes('--help')) {
    process.stdout.write(usage());
    return;
  }
  await serve(rest);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const msg = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
  process.stderr.write(`novum: ${msg}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
