/**
 * Who a token belongs to. Keystone mode asks the identity domain; noauth mode reads the token as
 * `user:project` like Nova's noauth2 (the user named `admin` is an admin).
 */
import type { Principal } from './context.js';

export interface Authenticator {
  /** The token's owner, or null when it is unknown, expired or revoked. */
  principalFor(token: string): Promise<Principal | null>;
}

export class NoAuth implements Authenticator {
  async principalFor(token: string): Promise<Principal | null> {
    const [user, project] = token.split(':', 2);
    if (!user) return null;
    const projectId = project || user;
    const isAdmin = user === 'admin';
    return {
      userId: user,
      userName: user,
      projectId,
      projectName: projectId,
      roles: isAdmin ? ['admin', 'member', 'reader'] : ['member', 'reader'],
      isAdmin,
    };
  }
}
