/**
 * From a Glance image to what QEMU boots: the disk file, and for images that carry
 * `kernel_id` / `ramdisk_id` (Nova's AMI-style properties) the kernel and initrd files and
 * `os_command_line`. Files are linked into `<data-dir>/qemu/base/` (Nova libvirt's `_base`
 * cache), so a server's overlay keeps its backing file when the image is deleted (unshelve).
 * Only images that carry `novum_sample` (the sample and its snapshots) promise the boot marker.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** The part of an image record the driver reads (the image store's records fit it). */
export interface ImageRecord {
  readonly id: string;
  readonly file: string | null;
  readonly disk_format: string | null;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Looks images up by id (the image store fits it). */
export interface ImageLookup {
  get(id: string): Promise<ImageRecord | null>;
}

/** Marks the sample's images (root disk, kernel, ramdisk); snapshots inherit it from their server's image. */
export const SAMPLE_PROPERTY = 'novum_sample';

/** What a server boots from. */
export interface BootSource {
  readonly disk: string;
  readonly diskFormat: 'qcow2' | 'raw';
  readonly kernel?: string;
  readonly initrd?: string;
  readonly cmdline?: string;
  /** the guest prints the boot marker (BUILD waits for it); other guests are up once QEMU runs them */
  readonly bootMarker: boolean;
}

/** The kernel command line the sample guest is booted with when the image names none. */
export const DEFAULT_CMDLINE = 'console=tty0 console=ttyS0 quiet panic=-1 rdroot=/dev/vda';

export class ImageSource {
  readonly #baseDir: string;

  constructor(private readonly images: ImageLookup, private readonly dataDir: string) {
    this.#baseDir = path.resolve(dataDir, 'qemu', 'base');
  }

  /** The image's data, linked into the base cache; throws when the image has no bootable data. */
  async #cached(id: string, what: string): Promise<{ file: string; image: ImageRecord }> {
    const image = await this.images.get(id);
    if (!image) throw new Error(`${what} ${id} was not found in the image store`);
    const cached = path.join(this.#baseDir, id);
    if (existsSync(cached)) return { file: cached, image };
    if (!image.file || image.file.startsWith('memory:')) throw new Error(`${what} ${id} has no data to boot from (upload it with PUT /v2/images/${id}/file)`);
    mkdirSync(this.#baseDir, { recursive: true });
    const source = path.resolve(this.dataDir, image.file);
    try {
      linkSync(source, cached);
    } catch {
      copyFileSync(source, cached);
    }
    return { file: cached, image };
  }

  async resolve(imageRef: string): Promise<BootSource> {
    const { file, image } = await this.#cached(imageRef, 'Image');
    const fmt = image.disk_format === 'raw' ? 'raw' : 'qcow2';
    if (image.disk_format && !['qcow2', 'raw'].includes(image.disk_format)) {
      throw new Error(`Image ${imageRef} has disk_format ${image.disk_format}; the qemu driver boots qcow2 and raw`);
    }
    const props = image.properties;
    const bootMarker = props[SAMPLE_PROPERTY] !== undefined && props[SAMPLE_PROPERTY] !== null;
    const kernelId = typeof props.kernel_id === 'string' && props.kernel_id ? props.kernel_id : null;
    if (!kernelId) return { disk: file, diskFormat: fmt, bootMarker };
    const kernel = (await this.#cached(kernelId, 'Kernel image')).file;
    const ramdiskId = typeof props.ramdisk_id === 'string' && props.ramdisk_id ? props.ramdisk_id : null;
    const initrd = ramdiskId ? (await this.#cached(ramdiskId, 'Ramdisk image')).file : undefined;
    const cmdline = typeof props.os_command_line === 'string' && props.os_command_line ? props.os_command_line : DEFAULT_CMDLINE;
    return { disk: file, diskFormat: fmt, kernel, initrd, cmdline, bootMarker };
  }
}
