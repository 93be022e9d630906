import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';

// Placeholder until the Keystone API is written (foundation issue).
export function registerIdentityApi(_app: FastifyInstance, _s: Services): void {}
