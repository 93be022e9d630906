"""openstacksdk walk against Novum (run with Debian's /usr/bin/python3; OS_CLIENT_CONFIG_FILE and
OS_CLOUD select the cloud). Prints one JSON line of what it saw; sdk.test.ts checks it."""
import json

import openstack

IMAGE = 'cirros-0.6.2-x86_64-disk'


def main():
    conn = openstack.connect()
    seen = {'servers_before': [s.name for s in conn.compute.servers()]}
    image = conn.image.find_image(IMAGE)
    flavor = conn.compute.find_flavor('m1.tiny')
    seen['image'] = image.name
    seen['flavor'] = flavor.name
    # The cloud layer: lists networks and subnets, boots, polls GET /servers/detail until ACTIVE,
    # then (the cloud has an external network) creates a floating IP and binds it to the port.
    srv = conn.create_server('sdk1', image=image.id, flavor=flavor.id, wait=True, timeout=60)
    seen['created'] = {'status': srv.status, 'name': srv.name, 'private_v4': srv.private_v4,
                       'public_v4': srv.public_v4, 'flavor': srv.flavor.get('original_name') or srv.flavor.get('id')}
    seen['ports'] = [[ip['ip_address'] for ip in p.fixed_ips] for p in conn.network.ports(device_id=srv.id)]
    seen['floating_ips'] = [(f.floating_ip_address, f.fixed_ip_address) for f in conn.network.ips()]
    server = conn.compute.get_server(srv.id)
    conn.compute.stop_server(server)
    server = conn.compute.wait_for_server(server, status='SHUTOFF', interval=0.2, wait=30)
    seen['stopped'] = [server.status, server.vm_state, server.power_state]
    conn.compute.start_server(server)
    server = conn.compute.wait_for_server(server, status='ACTIVE', interval=0.2, wait=30)
    seen['started'] = [server.status, server.vm_state, server.power_state]
    conn.compute.reboot_server(server, 'HARD')
    server = conn.compute.wait_for_server(server, status='ACTIVE', interval=0.2, wait=30)
    seen['rebooted'] = server.status
    seen['console'] = conn.compute.get_server_console_output(server)['output'].count('Linux version')
    seen['deleted'] = conn.delete_server(srv.id, wait=True, timeout=60, delete_ips=True)
    seen['servers_after'] = [s.name for s in conn.compute.servers()]
    seen['floating_ips_after'] = [f.floating_ip_address for f in conn.network.ips()]
    print(json.dumps(seen))


if __name__ == '__main__':
    main()
