/** Server tag bodies (Nova: schemas/server_tags.py, parameter_types.tag). */
import { Type } from '@sinclair/typebox';

export const TAG_PATTERN = /^[^,/]*$/;

/** A tag: 1 to 60 characters, neither '/' nor ','. */
export const tag = Type.String({ minLength: 1, maxLength: 60, pattern: '^[^,/]*$' });

/** PUT /servers/{id}/tags */
export const replaceTags = Type.Object({ tags: Type.Array(tag, { maxItems: 50 }) }, { additionalProperties: false });

/** PUT /servers/{id}/tags/{tag}: no body (JSON null). */
export const addTag = Type.Null();
