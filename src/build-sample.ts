/**
 * `novum image build-sample [options]`: builds the qemu driver's sample guest from Debian packages
 * (cached in `<data-dir>/qemu/guest/`) and registers it in the image store, unless it is there
 * already; prints the image id. `novum serve --driver qemu` does the same on first start.
 */
import type { Config } from './config.js';
import { openStore } from './store/db.js';
import { ImageService } from './image/service.js';
import { ensureSampleImage, SAMPLE_NAME } from './drivers/qemu/setup.js';

export async function buildSample(config: Config): Promise<void> {
  const started = Date.now();
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    const images = new ImageService(store.db, config);
    const id = await ensureSampleImage(store.db, images, config.dataDir);
    process.stdout.write(`${SAMPLE_NAME} ${id} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  } finally {
    await store.close();
  }
}
