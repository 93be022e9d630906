/**
 * The service catalog: every endpoint Novum serves (or will serve) on its one port, under
 * DevStack's path layout, in region RegionOne with public, internal and admin interfaces.
 */
import { createHash } from 'node:crypto';

export const REGION = 'RegionOne';
const INTERFACES = ['public', 'internal', 'admin'] as const;

/** One endpoint of a v3 catalog entry. */
export interface CatalogEndpoint {
  readonly id: string;
  readonly interface: (typeof INTERFACES)[number];
  readonly region: string;
  readonly region_id: string;
  readonly url: string;
}

/** One service of a v3 catalog. */
export interface CatalogService {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly endpoints: readonly CatalogEndpoint[];
}

/** One service of a v2.0 `serviceCatalog`. */
export interface CatalogServiceV2 {
  readonly type: string;
  readonly name: string;
  readonly endpoints_links: readonly never[];
  readonly endpoints: ReadonlyArray<{ id: string; region: string; publicURL: string; internalURL: string; adminURL: string }>;
}

const stableId = (...parts: string[]): string => createHash('md5').update(parts.join('/')).digest('hex');

function services(origin: string, projectId: string): Array<{ type: string; name: string; url: string }> {
  return [
    { type: 'compute', name: 'nova', url: `${origin}/compute/v2.1` },
    // Clients append /v2/... themselves: the image endpoint must stay unversioned.
    { type: 'image', name: 'glance', url: `${origin}/image` },
    { type: 'identity', name: 'keystone', url: `${origin}/identity` },
    { type: 'block-storage', name: 'cinder', url: `${origin}/volume/v3/${projectId}` },
    { type: 'volumev3', name: 'cinderv3', url: `${origin}/volume/v3/${projectId}` },
    { type: 'network', name: 'neutron', url: `${origin}/networking` },
  ];
}

export function catalogV3(origin: string, projectId: string): CatalogService[] {
  return services(origin, projectId).map((s) => ({
    id: stableId(s.type),
    type: s.type,
    name: s.name,
    endpoints: INTERFACES.map((i) => ({ id: stableId(s.type, i), interface: i, region: REGION, region_id: REGION, url: s.url })),
  }));
}

export function catalogV2(origin: string, projectId: string): CatalogServiceV2[] {
  return services(origin, projectId).map((s) => ({
    type: s.type,
    name: s.name,
    endpoints_links: [],
    endpoints: [{ id: stableId(s.type), region: REGION, publicURL: s.url, internalURL: s.url, adminURL: s.url }],
  }));
}
