/** Request schemas of console requests (Nova: schemas/remote_consoles.py, schemas/console_output.py). */
import { Type } from '@sinclair/typebox';
import { StrEnum } from '../../parameter-types.js';

export const getVncConsole = Type.Object({
  'os-getVNCConsole': Type.Object({ type: StrEnum(['novnc', 'xvpvnc']) }, { additionalProperties: false }),
}, { additionalProperties: false });

export const getConsoleOutput = Type.Object({
  'os-getConsoleOutput': Type.Object({
    // Nova: an integer ≥ -1, a string of one, or null (all of the log).
    length: Type.Optional(Type.Unsafe<number | string | null>({ type: ['integer', 'string', 'null'], pattern: '^-?[0-9]+$', minimum: -1 })),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

export const createRemoteConsoleV26 = Type.Object({
  remote_console: Type.Object({
    protocol: StrEnum(['vnc', 'spice', 'rdp', 'serial']),
    type: StrEnum(['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial']),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

/** 2.8 adds the MKS console. */
export const createRemoteConsoleV28 = Type.Object({
  remote_console: Type.Object({
    protocol: StrEnum(['vnc', 'spice', 'rdp', 'serial', 'mks']),
    type: StrEnum(['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial', 'webmks']),
  }, { additionalProperties: false }),
}, { additionalProperties: false });
