/** What every Novum process does at start and stop: listen, say where, close on a signal. */
import type { Novum } from './app.js';
import { ConfigError, type Config } from './config.js';

/** Listens, turning a busy port or a refused address into one line. */
export async function listenOrExplain(novum: Novum, config: Config): Promise<string> {
  try {
    return await novum.listen();
  } catch (err) {
    await novum.close().catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`port ${config.port} on ${config.host} is already in use`);
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new ConfigError(`cannot listen on ${config.host}:${config.port} (${code})`);
    throw err;
  }
}

/** The lines a user needs once the APIs answer: where, and the clouds.yaml to use them. */
export async function announce(novum: Novum, url: string): Promise<void> {
  const clouds = await novum.services.identity.writeCloudsYaml(url);
  process.stdout.write(`Novum is serving at ${url} (compute ${url}/compute/v2.1, identity ${url}/identity/v3, image ${url}/image)\n`);
  process.stdout.write(`export OS_CLIENT_CONFIG_FILE=${clouds} OS_CLOUD=novum\n`);
}

/** SIGINT/SIGTERM: finish what runs, close, exit. */
export function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

