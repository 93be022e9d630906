import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';

// Placeholder until the Glance API is written (foundation issue).
export function registerImageApi(_app: FastifyInstance, _s: Services): void {}
