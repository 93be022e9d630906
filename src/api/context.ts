/**
 * What a handler knows about its request: who asks (from the token), for which project, at which
 * microversion, and how to build links back to this API as the client reached it.
 */
import type { ApiVersion } from './microversion.js';
import { policyForbidden } from '../errors.js';
import type { Principal } from '../identity/principal.js';

export type { Principal };

/** How the request reached the compute API (rewritten off the URL before routing). */
export interface ComputeRoute {
  /** `/compute` when reached under the DevStack prefix, '' at the root */
  readonly prefix: string;
  /** `v2` (legacy) or `v2.1` */
  readonly version: 'v2' | 'v2.1';
  /** project id segment of the URL, when the client put one there */
  readonly urlProject: string | null;
}

export class RequestContext implements Principal {
  readonly userId: string;
  readonly userName: string;
  readonly projectId: string;
  readonly projectName: string;
  readonly roles: readonly string[];
  readonly isAdmin: boolean;

  constructor(
    principal: Principal,
    readonly requestId: string,
    readonly mv: ApiVersion,
    readonly route: ComputeRoute,
    /** scheme://host[:port] the links start with */
    readonly origin: string,
    readonly log: { info(o: object, m?: string): void; warn(o: object, m?: string): void },
  ) {
    this.userId = principal.userId;
    this.userName = principal.userName;
    this.projectId = principal.projectId;
    this.projectName = principal.projectName;
    this.roles = principal.roles;
    this.isAdmin = principal.isAdmin;
  }

  /**
   * Everything besides the data that shapes an answer's body: the links' start, the
   * microversion and the admin's extra attributes. Equal keys, equal views of the same row.
   */
  get viewKey(): string {
    return `${this.selfLink()}|${String(this.mv)}|${this.isAdmin ? 'admin' : ''}`;
  }

  /** True on the legacy /v2 endpoint (relaxed validation, no microversions). */
  get legacy(): boolean {
    return this.route.version === 'v2';
  }

  /** Admin-only operation: 403 with Nova's policy message for anyone else. */
  requireAdmin(rule: string): void {
    if (!this.isAdmin) throw policyForbidden(rule);
  }

  /** `http://host/compute/v2.1/<project>/servers/<id>` — the `self` link. */
  selfLink(...parts: string[]): string {
    const project = this.route.urlProject ? `/${this.route.urlProject}` : '';
    return `${this.origin}${this.route.prefix}/${this.route.version}${project}/${parts.join('/')}`;
  }

  /** The same without the version segment — the `bookmark` link. */
  bookmarkLink(...parts: string[]): string {
    const project = this.route.urlProject ? `/${this.route.urlProject}` : '';
    return `${this.origin}${this.route.prefix}${project}/${parts.join('/')}`;
  }

  links(...parts: string[]): Array<{ href: string; rel: string }> {
    return [
      { href: this.selfLink(...parts), rel: 'self' },
      { href: this.bookmarkLink(...parts), rel: 'bookmark' },
    ];
  }
}
