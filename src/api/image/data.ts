/** PUT and GET /v2/images/{id}/file: upload (streamed to the store, hashed) and download. */
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import type { Services } from '../../app.js';
import { NovaError } from '../../errors.js';
import { glanceBadRequest } from './errors.js';
import { ownImage, visibleImage } from './images.js';

type IdParams = { Params: { id: string } };

export function dataRoutes(app: FastifyInstance, s: Services): void {
  app.put<IdParams>('/v2/images/:id/file', async (req, reply) => {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/octet-stream') throw new NovaError(415, `Content type ${type || 'None'} not supported`);
    const image = await ownImage(s, req, req.params.id, 'upload data to');
    if (!image.disk_format || !image.container_format) {
      throw glanceBadRequest('Properties disk_format, container_format must be set prior to saving data.');
    }
    const body = (req.body ?? Buffer.alloc(0)) as Readable | Buffer;
    await s.images.upload(image.id, body);
    return reply.code(204).send();
  });

  app.get<IdParams>('/v2/images/:id/file', async (req, reply) => {
    const image = await visibleImage(s, req, req.params.id);
    const stream = s.images.read(image);
    if (!stream) return reply.code(204).send();
    reply.header('content-type', 'application/octet-stream');
    if (image.checksum) reply.header('content-md5', image.checksum);
    if (image.size !== null) reply.header('content-length', String(image.size));
    return reply.code(200).send(stream);
  });
}
