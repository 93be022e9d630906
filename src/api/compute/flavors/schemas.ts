/**
 * Request schemas for flavors, flavor-manage, extra specs and flavor access, shaped as Nova's
 * (nova/api/openstack/compute/schemas/{flavors,flavor_manage,flavors_extraspecs,flavor_access}.py).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { FLAVOR_SORT_KEYS } from '../../../compute/flavors.js';

/** db.MAX_INT */
export const MAX_INT = 2147483647;
/** Nova: db constants SQL_SP_FLOAT_MAX */
const SQL_SP_FLOAT_MAX = 3.40282e38;

const strictObject = <P extends Record<string, TSchema>>(properties: P, required: string[]): TSchema =>
  Type.Unsafe({ type: 'object', properties, required, additionalProperties: false });

/** Nova: parameter_types.flavor_param_positive / flavor_param_non_negative. */
const flavorInt = (minimum: number): TSchema =>
  Type.Unsafe({ type: ['integer', 'string'], pattern: '^[0-9]+$', minimum, maximum: MAX_INT });

/** Nova: parameter_types.boolean */
export const booleanParam = Type.Unsafe<boolean | string>({
  type: ['boolean', 'string'],
  enum: [true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't',
    false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f'],
});

/** Nova: parameter_types.name (the printable check is done after the schema, see names.ts). */
export const nameParam = Type.Unsafe<string>({ type: 'string', minLength: 1, maxLength: 255 });

const flavorProps = {
  name: nameParam,
  // Nova: forbid leading/trailing spaces; numbers are accepted and stored as strings.
  id: Type.Unsafe({
    type: ['string', 'number', 'null'], minLength: 1, maxLength: 255, pattern: '^(?! )[a-zA-Z0-9. _-]+(?<! )$',
  }),
  ram: flavorInt(1),
  vcpus: flavorInt(1),
  disk: flavorInt(0),
  'OS-FLV-EXT-DATA:ephemeral': flavorInt(0),
  swap: flavorInt(0),
  rxtx_factor: Type.Unsafe({
    type: ['number', 'string'], pattern: '^[0-9]+(\\.[0-9]+)?$', exclusiveMinimum: 0, maximum: SQL_SP_FLOAT_MAX,
  }),
  'os-flavor-access:is_public': booleanParam,
};

/** POST /flavors at 2.1 */
export const create = strictObject({ flavor: strictObject(flavorProps, ['name', 'ram', 'vcpus', 'disk']) }, ['flavor']);

/** POST /flavors from 2.55: an optional description. */
export const createV255 = strictObject({
  flavor: strictObject({
    ...flavorProps,
    description: Type.Unsafe({ type: ['string', 'null'], minLength: 0, maxLength: 65535 }),
  }, ['name', 'ram', 'vcpus', 'disk']),
}, ['flavor']);

/** PUT /flavors/{id} from 2.55 */
export const updateV255 = strictObject({
  flavor: strictObject({ description: Type.Unsafe({ type: ['string', 'null'], minLength: 0, maxLength: 65535 }) }, ['description']),
}, ['flavor']);

export interface FlavorBody {
  flavor: {
    name: string;
    id?: string | number | null;
    ram: number | string;
    vcpus: number | string;
    disk: number | string;
    'OS-FLV-EXT-DATA:ephemeral'?: number | string;
    swap?: number | string;
    rxtx_factor?: number | string;
    'os-flavor-access:is_public'?: boolean | string;
    description?: string | null;
  };
}

/** Nova: extra spec values may also be numbers (stored as their string). */
const extraSpecs = Type.Unsafe({
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: ['string', 'number'], maxLength: 255 } },
  additionalProperties: false,
});

/** POST /flavors/{id}/os-extra_specs */
export const extraSpecsCreate = strictObject({ extra_specs: extraSpecs }, ['extra_specs']);

/** PUT /flavors/{id}/os-extra_specs/{key}: exactly one item. */
export const extraSpecsUpdate = Type.Unsafe({
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: ['string', 'number'], maxLength: 255 } },
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
});

const tenant = strictObject({ tenant: Type.Unsafe({ type: 'string', minLength: 1, maxLength: 255 }) }, ['tenant']);
export const addTenantAccess = strictObject({ addTenantAccess: tenant }, ['addTenantAccess']);
export const removeTenantAccess = strictObject({ removeTenantAccess: tenant }, ['removeTenantAccess']);

/** A query parameter of digits (Nova: parameter_types.non_negative_integer on a string). */
export const nonNegativeInt = { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, minLength: 1 };

const indexQueryProperties = {
  limit: nonNegativeInt,
  marker: { type: 'string' },
  is_public: { type: 'string' },
  minRam: { type: 'string' },
  minDisk: { type: 'string' },
  sort_key: { type: 'string', enum: [...FLAVOR_SORT_KEYS] },
  sort_dir: { type: 'string', enum: ['asc', 'desc'] },
};

/** GET /flavors[/detail] from 2.75: no other parameters. */
export const indexQueryV275 = Type.Unsafe({ type: 'object', properties: indexQueryProperties, additionalProperties: false });

/** GET /flavors[/detail] query (last value of each parameter; unknown parameters allowed). */
export const indexQuery = Type.Unsafe({ type: 'object', properties: indexQueryProperties, additionalProperties: true });
