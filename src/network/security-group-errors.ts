/**
 * Security group errors as Neutron raises them: each carries Neutron's exception class name
 * (`type`, shown in Neutron's error body) besides the status code and message. Nova's proxy
 * (nova-security-groups.ts) translates them as nova/network/security_group_api.py does.
 */
import { NovaError } from '../errors.js';

export class NetworkError extends NovaError {
  constructor(code: number, readonly type: string, message: string) {
    super(code, message);
  }
}

export const groupNotFound = (id: string): NetworkError => new NetworkError(404, 'SecurityGroupNotFound', `Security group ${id} does not exist`);
export const ruleNotFound = (id: string): NetworkError => new NetworkError(404, 'SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`);
export const overQuota = (resource: string): NetworkError => new NetworkError(409, 'OverQuota', `Quota exceeded for resources: ['${resource}'].`);
export const groupInUse = (id: string): NetworkError => new NetworkError(409, 'SecurityGroupInUse', `Security Group ${id} in use.`);
export const ruleExists = (id: string): NetworkError => new NetworkError(409, 'SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${id}.`);
export const badNetworkRequest = (message: string): NetworkError => new NetworkError(400, 'HTTPBadRequest', message);
export const invalidRule = (type: string, message: string): NetworkError => new NetworkError(400, type, message);
export const defaultExists = (): NetworkError => new NetworkError(409, 'SecurityGroupDefaultAlreadyExists', 'Default security group already exists.');
export const cannotRemoveDefault = (): NetworkError => new NetworkError(409, 'SecurityGroupCannotRemoveDefault', 'Insufficient rights for removing default security group.');
export const cannotUpdateDefault = (): NetworkError => new NetworkError(409, 'SecurityGroupCannotUpdateDefault', 'Updating default security group not allowed.');
