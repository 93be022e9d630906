/**
 * Builds the sample guest from Debian packages only: the kernel of `linux-image-amd64` (fetched
 * with `apt-get download`, unpacked without installing), a busybox-static initramfs with the
 * virtio/ext4 modules, and an ext4 root disk made with `mke2fs -d` (no mount) converted to qcow2.
 * The result is cached in `workDir`; a second call returns it at once.
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { initScript, INIT_GUEST, POWER_BUTTON } from './guest-scripts.js';

const run = promisify(execFile);

/** The files of a built guest, absolute paths. */
export interface GuestFiles {
  /** an uncompressed ELF vmlinux (PVH entry, fastest under TCG) or, failing that, the bzImage */
  readonly kernel: string;
  readonly initrd: string;
  /** ext4 root disk, qcow2 */
  readonly rootDisk: string;
  readonly kernelVersion: string;
}

/** Modules the initramfs loads (their dependencies first); missing ones are built in. */
const WANTED = ['virtio_pci', 'virtio_blk', 'virtio_balloon', 'crc32c_generic', 'ext4', 'button', 'evdev'];

async function sh(cmd: string, cwd: string): Promise<string> {
  const { stdout } = await run('sh', ['-c', cmd], { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Downloads linux-image-<version> and unpacks vmlinuz and the modules into dir/x. */
async function fetchKernel(dir: string): Promise<{ root: string; version: string }> {
  const deps = await sh('apt-cache depends linux-image-amd64', dir);
  const pkg = /Depends: (linux-image-[0-9][^\s]*)/.exec(deps)?.[1];
  if (!pkg) throw new Error('apt-cache knows no linux-image-amd64 (run apt-get update)');
  const version = pkg.slice('linux-image-'.length);
  const root = path.join(dir, 'x');
  if (!existsSync(path.join(root, 'boot', `vmlinuz-${version}`))) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    if (!readdirSync(dir).some((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'))) await sh(`apt-get download ${pkg}`, dir);
    const deb = readdirSync(dir).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${pkg} produced no .deb`);
    // Only the kernel and the drivers we load: much faster than unpacking all 400 MB.
    await sh(`dpkg-deb --fsys-tarfile ${deb} | tar -x -C x --wildcards './boot/vmlinuz-*' './lib/modules/*/kernel/drivers/virtio/*' `
      + `'./lib/modules/*/kernel/drivers/block/*' './lib/modules/*/kernel/fs/*' './lib/modules/*/kernel/lib/*' `
      + `'./lib/modules/*/kernel/crypto/*' './lib/modules/*/kernel/drivers/acpi/*' './lib/modules/*/kernel/drivers/input/*'`, dir);
  }
  return { root, version };
}

/** The vmlinux ELF inside the bzImage's xz payload (QEMU boots it through PVH, skipping decompression). */
async function extractVmlinux(vmlinuz: string, out: string): Promise<string> {
  const data = readFileSync(vmlinuz);
  const at = data.indexOf(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
  if (at < 0) return vmlinuz;
  try {
    await sh(`tail -c +${at + 1} '${vmlinuz}' | xz -dc --single-stream > '${out}'`, path.dirname(out));
  } catch {
    return vmlinuz;
  }
  const head = readFileSync(out).subarray(0, 4);
  return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) ? out : vmlinuz;
}

/** Module file paths by name, and each module's dependencies from its .modinfo `depends=`. */
function moduleOrder(modDir: string): { name: string; file: string }[] {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ko')) files.set(e.name.slice(0, -3).replace(/-/g, '_'), p);
    }
  };
  walk(modDir);
  const out: { name: string; file: string }[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const file = files.get(name);
    if (!file) return;
    const deps = /depends=([^\0]*)/.exec(readFileSync(file).toString('latin1'))?.[1] ?? '';
    for (const dep of deps.split(',').filter(Boolean)) visit(dep.replace(/-/g, '_'));
    out.push({ name, file });
  };
  for (const m of WANTED) visit(m);
  return out;
}

/** The busybox tree shared by the initramfs and the root disk. */
function busyboxTree(dir: string, applets: readonly string[]): void {
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'proc', 'sys', 'dev', 'tmp', 'var', 'newroot', 'etc/acpi/PWRF', 'lib/modules']) {
    mkdirSync(path.join(dir, d), { recursive: true });
  }
  copyFileSync('/bin/busybox', path.join(dir, 'bin/busybox'));
  chmodSync(path.join(dir, 'bin/busybox'), 0o755);
  for (const a of applets) {
    if (a === 'busybox' || existsSync(path.join(dir, 'bin', a))) continue;
    symlinkSync('busybox', path.join(dir, 'bin', a));
  }
  writeFileSync(path.join(dir, 'sbin/init-guest'), INIT_GUEST, { mode: 0o755 });
  writeFileSync(path.join(dir, 'etc/acpi/PWRF/00000080'), POWER_BUTTON, { mode: 0o755 });
  writeFileSync(path.join(dir, 'etc/hostname'), 'novum-guest\n');
}

/** Builds (or finds cached) the sample guest in workDir. */
export async function buildGuest(workDir: string): Promise<GuestFiles> {
  mkdirSync(workDir, { recursive: true });
  const manifest = path.join(workDir, 'guest.json');
  if (existsSync(manifest)) {
    const cached = JSON.parse(readFileSync(manifest, 'utf8')) as GuestFiles;
    if ([cached.kernel, cached.initrd, cached.rootDisk].every((f) => existsSync(f))) return cached;
  }
  const { root, version } = await fetchKernel(workDir);
  const kernel = await extractVmlinux(path.join(root, 'boot', `vmlinuz-${version}`), path.join(workDir, 'vmlinux'));
  const applets = (await sh('/bin/busybox --list', workDir)).split('\n').filter(Boolean);
  const initDir = path.join(workDir, 'initramfs');
  const rootDir = path.join(workDir, 'rootfs');
  for (const d of [initDir, rootDir]) {
    rmSync(d, { recursive: true, force: true });
    busyboxTree(d, applets);
  }
  const modules = moduleOrder(path.join(root, 'lib', 'modules', version));
  for (const m of modules) copyFileSync(m.file, path.join(initDir, 'lib/modules', `${m.name}.ko`));
  writeFileSync(path.join(initDir, 'init'), initScript(modules.map((m) => m.name)), { mode: 0o755 });
  const initrd = path.join(workDir, 'initrd.cpio.gz');
  await sh(`cd '${initDir}' && find . | cpio -o -H newc --quiet | gzip -1 > '${initrd}.new'`, workDir);
  renameSync(`${initrd}.new`, initrd);
  const raw = path.join(workDir, 'rootfs.raw');
  const rootDisk = path.join(workDir, 'rootfs.qcow2');
  rmSync(raw, { force: true });
  // Written aside and renamed: a machine still running on an older build keeps its file.
  await sh(`mke2fs -q -t ext4 -L novum-root -d '${rootDir}' '${raw}' 64M && qemu-img convert -O qcow2 '${raw}' '${rootDisk}.new'`, workDir);
  renameSync(`${rootDisk}.new`, rootDisk);
  rmSync(raw, { force: true });
  const files: GuestFiles = { kernel, initrd, rootDisk, kernelVersion: version };
  writeFileSync(manifest, JSON.stringify(files, null, 2));
  return files;
}
