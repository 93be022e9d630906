/** Nova's floating IP view (floating_ips.py _translate_floating_ip_view). */
import type { FloatingIp } from '../../../network/floating-ips.js';

export function floatingIpView(f: FloatingIp): Record<string, unknown> {
  return { id: f.id, ip: f.address, pool: f.pool, fixed_ip: f.fixed_address, instance_id: f.instance_uuid };
}
