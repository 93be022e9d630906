/**
 * Server actions that belong to other resources (floating IPs, consoles, evacuate, ...): each
 * resource exports its own table of `{ "<actionKey>": handler }` and lists it here.
 */
import type { Services } from '../../app.js';
import type { ActionTable } from './servers/actions.js';
import { floatingIpActions } from './floating-ips/routes.js';
import { consoleActions } from './consoles/routes.js';
import { securityGroupActions } from './security-groups/routes.js';

export function extraActions(s: Services): ActionTable[] {
  return [floatingIpActions(s), consoleActions(s), securityGroupActions(s)];
}
