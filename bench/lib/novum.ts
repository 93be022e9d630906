/**
 * One Novum under test: a data dir and a port, started and stopped as the benchmark needs (the
 * bulk loader needs it stopped). With a profile dir, every start writes its own .cpuprofile named
 * after the phase it serves.
 */
import path from 'node:path';
import { startNovum, stop, type Running } from './proc.js';

export class NovumHandle {
  #running: Running | null = null;

  constructor(readonly dataDir: string, readonly port: number, readonly profileDir: string | null) {}

  get url(): string {
    if (!this.#running) throw new Error('Novum is not running');
    return this.#running.url;
  }

  get pid(): number {
    if (!this.#running) throw new Error('Novum is not running');
    return this.#running.pid;
  }

  /** Starts Novum (with extra `serve` options, if any); returns ms from spawn to the first answered GET /. */
  async start(phase: string, serveFlags: readonly string[] = []): Promise<number> {
    if (this.#running) throw new Error('Novum is already running');
    const nodeFlags = this.profileDir
      ? ['--cpu-prof', '--cpu-prof-dir', this.profileDir, '--cpu-prof-name', `${phase}.cpuprofile`]
      : [];
    this.#running = await startNovum({ dataDir: this.dataDir, port: this.port, nodeFlags, serveFlags });
    return this.#running.startMs;
  }

  /** Stops Novum and starts it again on the same data dir and port (with extra `serve` options, if any). */
  async restart(phase: string, serveFlags: readonly string[] = []): Promise<void> {
    await this.stop();
    await this.start(phase, serveFlags);
  }

  async stop(): Promise<void> {
    const r = this.#running;
    this.#running = null;
    if (r) await stop(r.proc);
  }

  /** In profile mode, a new process (and profile) for the next phase; otherwise nothing. */
  async phase(name: string): Promise<void> {
    if (this.profileDir) await this.restart(name);
  }
}

export const profileDirFor = (repo: string, stamp: string): string => path.join(repo, 'bench', 'profiles', stamp);
