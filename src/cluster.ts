/**
 * `novum serve --workers N`: N API processes share the port (node:cluster); the primary runs the
 * jobs of every simulated host and no HTTP. With SQLite the children wake the primary with a
 * message after each enqueue; with PostgreSQL LISTEN/NOTIFY does it as well.
 */
import cluster, { type Worker as ClusterWorker } from 'node:cluster';
import { createNovum } from './app.js';
import { ConfigError, type Config } from './config.js';
import { announce, closeOnSignals, listenOrExplain } from './process-lifecycle.js';

interface ChildMessage {
  readonly novum: 'job' | 'listening' | 'failed';
  readonly url?: string;
  readonly error?: string;
}

export async function serveCluster(config: Config): Promise<void> {
  if (cluster.isPrimary) return primary(config);
  return child(config);
}

async function primary(config: Config): Promise<void> {
  const novum = await createNovum(config);
  const urls: string[] = [];
  let stopping = false;
  const ready = new Promise<string>((resolve, reject) => {
    cluster.on('message', (_w: ClusterWorker, msg: ChildMessage) => {
      if (msg?.novum === 'job') novum.wakeJobs();
      if (msg?.novum === 'listening' && msg.url) {
        urls.push(msg.url);
        if (urls.length === config.workers) resolve(msg.url);
      }
      if (msg?.novum === 'failed') reject(new ConfigError(msg.error ?? 'an API process failed to start'));
    });
  });
  // An API process that dies is replaced (it holds no state).
  cluster.on('exit', (_w, code) => {
    if (!stopping && code !== 0 && urls.length === config.workers) cluster.fork();
  });
  for (let i = 0; i < config.workers; i++) cluster.fork();
  let url: string;
  try {
    url = await ready;
  } catch (err) {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    await novum.close();
    throw err;
  }
  await announce(novum, url);
  closeOnSignals(async () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    await novum.close();
  });
}

async function child(config: Config): Promise<void> {
  const send = (msg: ChildMessage): void => { process.send?.(msg); };
  try {
    const novum = await createNovum(config, { role: { kind: 'api', wakeJobs: () => send({ novum: 'job' }) } });
    const url = await listenOrExplain(novum, config);
    send({ novum: 'listening', url });
    closeOnSignals(() => novum.close());
  } catch (err) {
    send({ novum: 'failed', error: err instanceof Error ? err.message : String(err) });
    process.exit(2);
  }
}
