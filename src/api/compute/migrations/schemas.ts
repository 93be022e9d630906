/** Request bodies and queries of migrations (Nova: schemas/server_migrations.py, schemas/migrations.py). */
import { Type } from '@sinclair/typebox';
import { nonNegativeInt } from '../flavors/schemas.js';

/** POST /servers/{id}/migrations/{id}/action: `{"force_complete": null}`. */
export const forceComplete = Type.Object({ force_complete: Type.Null() }, { additionalProperties: false });

const str = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const v20 = { hidden: str, host: str, instance_uuid: str, source_compute: str, status: str, migration_type: str };
const v259 = { ...v20, limit: nonNegativeInt, marker: str, 'changes-since': dateTime };
const v266 = { ...v259, 'changes-before': dateTime };
const v280 = { ...v266, user_id: str, project_id: str };

/** GET /os-migrations query per microversion: anything goes until 2.59, then only these. */
export const indexQuery = Type.Unsafe({ type: 'object', properties: v20, additionalProperties: true });
export const indexQueryV259 = Type.Unsafe({ type: 'object', properties: v259, additionalProperties: false });
export const indexQueryV266 = Type.Unsafe({ type: 'object', properties: v266, additionalProperties: false });
export const indexQueryV280 = Type.Unsafe({ type: 'object', properties: v280, additionalProperties: false });
