/** Request bodies of a server's migrations (Nova: schemas/server_migrations.py). */
import { Type } from '@sinclair/typebox';

/** POST /servers/{id}/migrations/{id}/action: `{"force_complete": null}`. */
export const forceComplete = Type.Object({ force_complete: Type.Null() }, { additionalProperties: false });
