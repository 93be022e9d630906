/**
 * The compute API answers at the root and under `/compute` (DevStack's layout), as legacy `/v2`
 * and as `/v2.1`, with or without the project id in the URL. Before routing, such a URL is
 * rewritten to `/_compute/<rest>` and what it said is kept for links and checks.
 */
import type { ComputeRoute } from './context.js';

/** First path segments that are compute collections, never a project id. */
const TOP_LEVEL = new Set([
  'servers', 'flavors', 'images', 'limits', 'extensions', 'os-keypairs', 'os-availability-zone',
  'os-volumes', 'os-volumes_boot', 'os-snapshots', 'os-hypervisors', 'os-services', 'os-hosts',
  'os-floating-ips', 'os-floating-ip-pools', 'os-floating-ip-dns', 'os-floating-ips-bulk',
  'os-server-groups', 'os-quota-sets', 'os-quota-class-sets', 'os-simple-tenant-usage',
  'os-migrations', 'os-console-auth-tokens', 'os-instance_usage_audit_log', 'os-aggregates',
  'os-networks', 'os-tenant-networks', 'os-security-groups', 'os-security-group-rules',
  'os-security-group-default-rules', 'os-server-external-events', 'os-assisted-volume-snapshots',
  'os-cells', 'os-agents', 'os-certificates', 'os-cloudpipe', 'os-fping', 'os-fixed-ips',
  'os-baremetal-nodes', 'os-cloudpipe',
]);

export interface Rewritten {
  readonly url: string;
  readonly route: ComputeRoute | null;
}

export function rewriteComputeUrl(rawUrl: string): Rewritten {
  const q = rawUrl.indexOf('?');
  const pathPart = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = q === -1 ? '' : rawUrl.slice(q);
  let prefix = '';
  let rest = pathPart;
  if (rest === '/compute' || rest.startsWith('/compute/')) {
    prefix = '/compute';
    rest = rest.slice('/compute'.length);
  } else if (/^\/(identity|image|volume|networking|_compute|novnc)(\/|$)/.test(rest)) {
    return { url: rawUrl, route: null };
  }
  const segs = rest.split('/').filter((s, i) => i > 0 || s !== '');
  if (segs[0] === '') segs.shift();
  if (segs.length === 0 || (segs.length === 1 && segs[0] === '')) {
    return { url: `/_versions${query}`, route: { prefix, version: 'v2.1', urlProject: null } };
  }
  const version = segs[0];
  if (version !== 'v2' && version !== 'v2.1') return { url: rawUrl, route: null };
  const after = segs.slice(1);
  if (after.length === 0 || (after.length === 1 && after[0] === '')) {
    return { url: `/_version/${version}${query}`, route: { prefix, version, urlProject: null } };
  }
  let urlProject: string | null = null;
  if (!TOP_LEVEL.has(after[0])) urlProject = decodeSegment(after.shift()!);
  return { url: `/_compute/${after.join('/')}${query}`, route: { prefix, version, urlProject } };
}

/** A percent-decoded path segment; a malformed escape (`%ZZ`) stays as sent instead of throwing. */
function decodeSegment(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}
