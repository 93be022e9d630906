/**
 * Compute API microversions (v2.1). Both request headers are read (`OpenStack-API-Version:
 * compute 2.N` wins over `X-OpenStack-Nova-API-Version: 2.N`), `latest` means the maximum, and
 * every response echoes the version with `Vary`. Nova: api_version_request.py, wsgi.py.
 */
import { NovaError, badRequest } from '../errors.js';

export const MIN_VERSION = '2.1';
/** The highest microversion whose changes Novum implements; raise it only with the changes. */
export const MAX_VERSION = '2.93';

export class ApiVersion {
  constructor(readonly major: number, readonly minor: number) {}

  static parse(text: string): ApiVersion {
    const m = /^([1-9]\d*)\.([1-9]\d*|0)$/.exec(text);
    if (!m) {
      throw badRequest(`API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`);
    }
    return new ApiVersion(Number(m[1]), Number(m[2]));
  }

  compare(other: ApiVersion): number {
    return this.major - other.major || this.minor - other.minor;
  }

  /** True when this request's version is at least `v` (e.g. `mv.atLeast('2.9')`). */
  atLeast(v: string): boolean {
    return this.compare(known(v)) >= 0;
  }

  atMost(v: string): boolean {
    return this.compare(known(v)) <= 0;
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/** The versions the code compares against (a few dozen literals), parsed once each. */
const KNOWN = new Map<string, ApiVersion>();
function known(v: string): ApiVersion {
  let parsed = KNOWN.get(v);
  if (!parsed) KNOWN.set(v, (parsed = ApiVersion.parse(v)));
  return parsed;
}

const MIN = ApiVersion.parse(MIN_VERSION);
const MAX = ApiVersion.parse(MAX_VERSION);

/** The version a request asks for, from its headers; absent means the minimum (2.1). */
export function requestedVersion(headers: Record<string, string | string[] | undefined>): ApiVersion {
  let text: string | undefined;
  const modern = headerValue(headers['openstack-api-version']);
  if (modern !== undefined) {
    for (const part of modern.split(',')) {
      const [service, version] = part.trim().split(/\s+/, 2);
      if (service?.toLowerCase() === 'compute' && version) text = version;
    }
  }
  if (text === undefined) text = headerValue(headers['x-openstack-nova-api-version']);
  if (text === undefined || text.trim() === '') return MIN;
  text = text.trim();
  if (text.toLowerCase() === 'latest') return MAX;
  const v = ApiVersion.parse(text);
  if (v.compare(MIN) < 0 || v.compare(MAX) > 0) {
    throw new NovaError(406, `Version ${v} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`);
  }
  return v;
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[h.length - 1] : h;
}

export function versionHeaders(v: ApiVersion): Record<string, string> {
  return {
    'openstack-api-version': `compute ${v}`,
    'x-openstack-nova-api-version': `${v}`,
    vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
  };
}
