/**
 * The error catalogue. Like Nova's exception.py, each error carries the HTTP code it maps to and
 * a message; the domain throws these and api/errors.ts renders them once, as Nova's fault body
 * `{"<faultName>": {"code": N, "message": "..."}}`.
 */
export class NovaError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string): NovaError => new NovaError(400, message);
export const unauthorized = (message = 'The request you have made requires authentication.'): NovaError =>
  new NovaError(401, message);
export const forbidden = (message: string): NovaError => new NovaError(403, message);
export const notFound = (message: string): NovaError => new NovaError(404, message);
export const conflict = (message: string): NovaError => new NovaError(409, message);
export const notImplemented = (message: string): NovaError => new NovaError(501, message);
export const gone = (): NovaError => new NovaError(410, 'This resource is no longer available. No forwarding address is given.');

export const policyForbidden = (rule: string): NovaError =>
  forbidden(`Policy doesn't allow ${rule} to be performed.`);

export const instanceNotFound = (id: string): NovaError => notFound(`Instance ${id} could not be found.`);
export const flavorNotFound = (id: string): NovaError => notFound(`Flavor ${id} could not be found.`);
export const imageNotFound = (id: string): NovaError => notFound(`Image ${id} could not be found.`);

/** Nova: common.raise_http_conflict_for_instance_invalid_state. */
export const invalidState = (action: string, uuid: string, attr: 'vm_state' | 'task_state', state: string | null): NovaError =>
  conflict(`Cannot '${action}' instance ${uuid} while it is in ${attr} ${state ?? 'None'}`);

export const instanceLocked = (uuid: string): NovaError => conflict(`Instance ${uuid} is locked`);

export const quotaExceeded = (resource: string, requested: number, used: number, allowed: number): NovaError =>
  forbidden(`Quota exceeded for ${resource}: Requested ${requested}, but already used ${used} of ${allowed} ${resource}`);
