/**
 * Nova's `name` format checks (parameter_types.valid_name_regex): printable characters (no
 * control or format characters, no line or paragraph separators), and — except in v2.0
 * compatibility mode — no whitespace at either end.
 */
import { badRequest } from '../../../errors.js';

const STRICT = /^(?!\p{Zs})[^\p{C}\p{Zl}\p{Zp}]*(?<!\p{Zs})$/u;
const LEGACY = /^[^\p{C}\p{Zl}\p{Zp}]*[^\p{C}\p{Z}][^\p{C}\p{Zl}\p{Zp}]*$/u;

/** 400 `An invalid 'name' value was provided. ...` unless `name` passes Nova's name format. */
export function checkName(name: string, legacy: boolean): void {
  if (legacy) {
    if (!LEGACY.test(name)) {
      throw badRequest("An invalid 'name' value was provided. The name must be: printable characters with at least one non space character");
    }
  } else if (!STRICT.test(name)) {
    throw badRequest("An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.");
  }
}
