/**
 * Wiring the QEMU driver: the real host's capacity, the accelerator (KVM only when a probe guest
 * really boots with it — on PVM hosts /dev/kvm opens but cannot run Debian kernels), and the
 * sample image, built and registered on first start when the image store has no bootable image.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { QemuDriver } from './driver.js';
import { BOOT_MARKER } from './guest-scripts.js';
import { buildGuest, type GuestFiles } from './guest-build.js';
import { DEFAULT_CMDLINE, ImageSource, SAMPLE_PROPERTY, type ImageLookup } from './image-source.js';

/** The host figures a compute node reports (the fake driver's options take them). */
export interface HostCapacity {
  readonly fakeHosts: number;
  readonly fakeHostVcpus: number;
  readonly fakeHostMemoryMb: number;
  readonly fakeHostDiskGb: number;
}

/** One compute host: this machine, with its real CPUs, RAM and data-dir disk. */
export function realHostCapacity(dataDir: string): HostCapacity {
  let diskGb = 100;
  try {
    const s = statfsSync(path.resolve(dataDir));
    diskGb = Math.floor((s.blocks * s.bsize) / 1024 ** 3);
  } catch { /* keep the default */ }
  return { fakeHosts: 1, fakeHostVcpus: os.cpus().length, fakeHostMemoryMb: Math.floor(os.totalmem() / 1024 ** 2), fakeHostDiskGb: diskGb };
}

/** Where the sample guest is built and cached for a data dir. */
export const guestDir = (dataDir: string): string => path.resolve(dataDir, 'qemu', 'guest');

/**
 * KVM when a probe guest (kernel + initramfs, no disk) prints its boot marker within 10 s with
 * `-accel kvm`; otherwise TCG. The answer is cached next to the guest.
 */
export async function detectAccel(guest: GuestFiles, cacheDir: string): Promise<'tcg' | 'kvm'> {
  const cache = path.join(cacheDir, 'accel.json');
  if (existsSync(cache)) return (JSON.parse(readFileSync(cache, 'utf8')) as { accel: 'tcg' | 'kvm' }).accel;
  let accel: 'tcg' | 'kvm' = 'tcg';
  if (existsSync('/dev/kvm')) {
    const ok = await new Promise<boolean>((resolve) => {
      const p = spawn('qemu-system-x86_64', ['-accel', 'kvm', '-machine', 'q35', '-cpu', 'host', '-m', '128', '-nodefaults', '-no-user-config',
        '-nic', 'none', '-display', 'none', '-kernel', guest.kernel, '-initrd', guest.initrd, '-append', 'console=ttyS0 quiet panic=-1', '-serial', 'stdio'],
      { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      const timer = setTimeout(() => { p.kill('SIGKILL'); resolve(false); }, 10000);
      p.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes(BOOT_MARKER)) { clearTimeout(timer); p.kill('SIGKILL'); resolve(true); }
      });
      p.on('exit', () => { clearTimeout(timer); resolve(out.includes(BOOT_MARKER)); });
    });
    accel = ok ? 'kvm' : 'tcg';
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cache, JSON.stringify({ accel, probedAt: new Date().toISOString() }));
  return accel;
}

/** The image store, as far as registering the sample needs it. */
export interface ImageRegistry {
  list(viewer: { projectId: string; isAdmin: boolean }): Promise<ReadonlyArray<{ id: string; status: string; properties: Readonly<Record<string, unknown>> }>>;
  create(image: {
    name: string; owner: string; status?: string; visibility?: string; disk_format?: string; container_format?: string;
    min_ram?: number; min_disk?: number; properties?: Readonly<Record<string, unknown>>;
  }): Promise<{ id: string }>;
  upload(id: string, body: Readable): Promise<unknown>;
}

export { SAMPLE_PROPERTY };
export const SAMPLE_NAME = 'novum-sample';

/** The sample root image's id when it is registered and active. */
export async function findSample(images: ImageRegistry): Promise<string | null> {
  const all = await images.list({ projectId: '', isAdmin: true });
  return all.find((i) => i.properties[SAMPLE_PROPERTY] === 'root' && i.status === 'active')?.id ?? null;
}

/**
 * Builds the sample guest (cached) and registers kernel, ramdisk and root disk as public images;
 * the root image names the others (kernel_id, ramdisk_id) as Nova's AMI-style images do.
 */
export async function registerSample(images: ImageRegistry, dataDir: string, owner: string): Promise<string> {
  const existing = await findSample(images);
  if (existing) return existing;
  const guest = await buildGuest(guestDir(dataDir));
  const add = async (name: string, file: string, fmt: string, props: Record<string, unknown>): Promise<string> => {
    const { id } = await images.create({
      name, owner, visibility: 'public', disk_format: fmt, container_format: fmt === 'qcow2' ? 'bare' : fmt,
      min_ram: fmt === 'qcow2' ? 128 : 0, min_disk: 0, properties: props,
    });
    await images.upload(id, createReadStream(file));
    return id;
  };
  const kernel = await add(`${SAMPLE_NAME}-kernel`, guest.kernel, 'aki', { [SAMPLE_PROPERTY]: 'kernel', kernel_version: guest.kernelVersion });
  const ramdisk = await add(`${SAMPLE_NAME}-initrd`, guest.initrd, 'ari', { [SAMPLE_PROPERTY]: 'ramdisk' });
  return add(SAMPLE_NAME, guest.rootDisk, 'qcow2', {
    [SAMPLE_PROPERTY]: 'root', kernel_id: kernel, ramdisk_id: ramdisk, os_command_line: `${DEFAULT_CMDLINE} HEARTBEAT=2`,
    os_type: 'linux', os_distro: 'busybox', hw_disk_bus: 'virtio', hw_machine_type: 'q35', hw_vif_model: 'virtio', hypervisor_type: 'qemu',
    architecture: 'x86_64',
  });
}

/** The QEMU driver for a data dir; the accelerator is probed once, before the first boot. */
export function qemuDriver(dataDir: string, images: ImageLookup, bootTimeoutSeconds = 180): QemuDriver {
  let accel: Promise<'tcg' | 'kvm'> | null = null;
  const probe = (): Promise<'tcg' | 'kvm'> => {
    const manifest = path.join(guestDir(dataDir), 'guest.json');
    if (!existsSync(manifest)) return Promise.resolve('tcg');
    return detectAccel(JSON.parse(readFileSync(manifest, 'utf8')) as GuestFiles, guestDir(dataDir));
  };
  return new QemuDriver({
    dataDir, images: new ImageSource(images, dataDir), accel: () => (accel ??= probe()),
    bootTimeoutMs: bootTimeoutSeconds * 1000, shutdownTimeoutMs: 30000,
  });
}

/** First start with the qemu driver: the sample image, unless one is registered already. */
export async function ensureSampleImage(db: Kysely<Database>, images: ImageRegistry, dataDir: string): Promise<string> {
  const admin = await db.selectFrom('projects').select('id').where('name', '=', 'admin').executeTakeFirst();
  return registerSample(images, dataDir, admin?.id ?? 'admin');
}
