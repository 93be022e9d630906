/**
 * The sample guest's scripts: a busybox initramfs `/init` that loads the virtio and ext4 modules
 * and switches to the root disk, and `/sbin/init-guest`, which prints the boot marker, answers the
 * ACPI power button and prints a heartbeat and the block devices it sees on the serial console.
 */

/** Printed once per boot on the serial console when the guest is up. */
export const BOOT_MARKER = 'NOVUM_BOOT_OK';
/** Printed every HEARTBEAT seconds: `NOVUM_HEARTBEAT <n> <uptime>`. */
export const HEARTBEAT_MARKER = 'NOVUM_HEARTBEAT';
/** Printed whenever the set of /dev/vd* disks changes: `NOVUM_DISKS /dev/vda /dev/vdb`. */
export const DISKS_MARKER = 'NOVUM_DISKS';

/** The initramfs /init: modules in dependency order, then the root disk named by rdroot=. */
export function initScript(modules: readonly string[]): string {
  return `#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
for m in ${modules.join(' ')}; do insmod /lib/modules/$m.ko 2>/dev/null; done
rdroot=""
for a in $(cat /proc/cmdline); do case "$a" in rdroot=*) rdroot="\${a#rdroot=}";; esac; done
if [ -n "$rdroot" ]; then
  i=0
  while [ ! -b "$rdroot" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
  mkdir -p /newroot
  if mount -t ext4 "$rdroot" /newroot; then
    mount --move /dev /newroot/dev 2>/dev/null
    umount /proc /sys
    exec switch_root /newroot /sbin/init-guest
  fi
  echo "init: cannot mount $rdroot, staying in the initramfs"
fi
exec /sbin/init-guest
`;
}

/** /sbin/init-guest, on the initramfs and on the root disk. */
export const INIT_GUEST = `#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /var /tmp
hb=5
for a in $(cat /proc/cmdline); do case "$a" in HEARTBEAT=*) hb="\${a#HEARTBEAT=}";; esac; done
boots=$(( $(cat /var/bootcount 2>/dev/null || echo 0) + 1 ))
echo $boots > /var/bootcount 2>/dev/null
sync
hostname "$(cat /etc/hostname 2>/dev/null || echo novum-guest)"
root=$(awk '$2 == "/" { print $1 }' /proc/mounts | tail -n 1)
echo "${BOOT_MARKER} uptime=$(cut -d' ' -f1 /proc/uptime) root=$root boots=$boots host=$(hostname)"
mkdir -p /var/log /var/run
acpid -c /etc/acpi -l /var/log/acpid.log
(
  n=0; last=""
  while :; do
    n=$((n+1))
    echo "${HEARTBEAT_MARKER} $n $(cut -d' ' -f1 /proc/uptime)"
    disks="$(ls /dev/vd* 2>/dev/null | tr '\\n' ' ')"
    if [ "$disks" != "$last" ]; then echo "${DISKS_MARKER} $disks"; last="$disks"; fi
    sleep "$hb"
  done
) &
while :; do setsid cttyhack sh; sleep 1; done
`;

/** The power button (busybox acpid runs /etc/acpi/PWRF/00000080; acpid is a daemon, so it writes to /dev/console): a clean poweroff. */
export const POWER_BUTTON = `#!/bin/sh
echo "NOVUM_POWEROFF" > /dev/console
sync
poweroff -f
`;
