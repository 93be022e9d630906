/**
 * Placeholder with the interface the rest of Novum uses; the image work replaces the body.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../store/schema.js';

export interface Image {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly visibility: string;
  readonly owner: string | null;
  readonly disk_format: string | null;
  readonly container_format: string | null;
  readonly min_ram: number;
  readonly min_disk: number;
  readonly size: number | null;
  readonly protected: boolean;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface NewImage {
  readonly name: string;
  readonly owner: string;
  readonly status?: string;
  readonly visibility?: string;
  readonly disk_format?: string | null;
  readonly container_format?: string | null;
  readonly min_ram?: number;
  readonly min_disk?: number;
  readonly properties?: Readonly<Record<string, unknown>>;
}

export class ImageService {
  constructor(readonly db: Kysely<Database>, readonly config: Config) {}
  async seed(): Promise<void> {}
  /** An image the project may see (public, shared, community or its own), or null. */
  async get(_id: string, _projectId?: string, _isAdmin?: boolean): Promise<Image | null> {
    return null;
  }
  /** Records a new image (snapshots from createImage/createBackup/shelve); returns it. */
  async create(_image: NewImage): Promise<Image> {
    throw new Error('not written yet');
  }
  async update(_id: string, _changes: { status?: string; size?: number }): Promise<void> {}
  async delete(_id: string): Promise<void> {}
}
