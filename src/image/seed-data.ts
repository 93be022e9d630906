/**
 * The images a fresh Novum starts with: Nova's fake image service's samples (the ids, names,
 * properties and sizes the seed's and Nova's API samples show) and a CirrOS image to boot by name.
 */

/** One seeded image; everything else is public, active, qcow2/bare, owner null. */
export interface SeedImage {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly properties: Readonly<Record<string, string | null>>;
  readonly minRam?: number;
  readonly minDisk?: number;
}

const NO_KERNEL = { kernel_id: 'nokernel', ramdisk_id: 'nokernel' };

/**
 * In the order the seed's "List images" example shows them (created_at descending). Nova's fake
 * image service names several of them `fakeimage123456`; here only the first keeps that name and
 * the others carry their id's first block, so every listed image can be booted by name.
 */
export const SEED_IMAGES: readonly SeedImage[] = [
  { id: '70a599e0-31e7-49b7-b260-868f441e862b', name: 'fakeimage7', size: 74185822, properties: { architecture: 'x86_64', auto_disk_config: 'True', ...NO_KERNEL } },
  { id: '155d900f-4e14-4e4c-a73d-069cbf4541e6', name: 'fakeimage123456', size: 25165824, properties: { architecture: 'x86_64', ...NO_KERNEL } },
  { id: 'a2459075-d96c-40d5-893e-577ff92e721c', name: 'fakeimage123456-a2459075', size: 58145823, properties: { ...NO_KERNEL } },
  { id: 'a440c04b-79fa-479c-bed1-0b816eaec379', name: 'fakeimage6', size: 49163826, properties: { architecture: 'x86_64', auto_disk_config: 'False', ...NO_KERNEL } },
  { id: 'c905cedb-7281-47e4-8a62-f26bc5fc4c77', name: 'fakeimage123456-c905cedb', size: 26360814, properties: { kernel_id: '155d900f-4e14-4e4c-a73d-069cbf4541e6', ramdisk_id: null } },
  { id: 'cedef40a-ed67-4d10-800e-17455edce175', name: 'fakeimage123456-cedef40a', size: 84035174, properties: { ...NO_KERNEL } },
  // The seed shows no architecture here (newer Nova samples add one); the seed wins.
  { id: '76fa36fc-c930-4bf3-8c8a-ea2a2420deb6', name: 'fakeimage123456-76fa36fc', size: 83594576, properties: { ...NO_KERNEL } },
  { id: '95fad737-9325-4855-b37e-20a62268ec88', name: 'fakeimage123456-95fad737', size: 25165824, properties: { hw_ephemeral_encryption: 'True' } },
  { id: '535426d4-5d75-44f4-9591-a2123d23c33f', name: 'fakeimage123456-535426d4', size: 25165824, properties: { hw_ephemeral_encryption: 'False' } },
  { id: '5f7d4f5b-3781-4a4e-9046-a2a800e807e5', name: 'fakeimage123456-5f7d4f5b', size: 25165824, properties: { hw_ephemeral_encryption: 'True', hw_ephemeral_encryption_format: 'luks' } },
  { id: '261b52ed-f693-4147-8f3b-d25df5efd968', name: 'fakeimage123456-261b52ed', size: 25165824, properties: { hw_ephemeral_encryption: 'True', hw_ephemeral_encryption_format: 'plain' } },
  { id: '5b2a4f6e-8c1d-4e3f-9a7b-0c1d2e3f4a5b', name: 'cirros-0.6.2-x86_64-disk', size: 21430272, properties: { architecture: 'x86_64', os_distro: 'cirros', hw_disk_bus: 'virtio' } },
];

/** Nova's samples all say created 2011-01-01T01:02:03Z; microseconds keep the listed order. */
export function seedCreatedAt(index: number): string {
  return `2011-01-01T01:02:03.${String(SEED_IMAGES.length - index).padStart(6, '0')}Z`;
}
