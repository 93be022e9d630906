import type { Services } from '../../../app.js';
import type { RouteDef } from '../router.js';

// Placeholder until this resource is written (foundation issue).
export function extensionRoutes(_s: Services): RouteDef[] {
  return [];
}
