/**
 * Server actions that belong to other resources (floating IPs, consoles, evacuate, ...): each
 * resource exports its own table of `{ "<actionKey>": handler }` and lists it here.
 */
import type { Services } from '../../app.js';
import type { ActionTable } from './servers/actions.js';

export function extraActions(_s: Services): ActionTable[] {
  return [];
}
