import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { nextDevice, devicePath } from '../../src/volume/instance-volumes.js';
import { blockDeviceRequests } from '../../src/api/compute/volumes/block-device-mapping.js';
import { NovaError } from '../../src/errors.js';

describe('device names', () => {
  test('the next free /dev/vdX skips the root disk and used names', () => {
    assert.equal(nextDevice(new Set(['/dev/vda'])), '/dev/vdb');
    assert.equal(nextDevice(new Set(['/dev/vda', '/dev/vdb', '/dev/vdd'])), '/dev/vdc');
    const all = new Set('abcdefghijklmnopqrstuvwxyz'.split('').map((l) => `/dev/vd${l}`));
    assert.equal(nextDevice(all), '/dev/vdaa');
  });
  test('bare names get /dev/', () => {
    assert.equal(devicePath('vdc'), '/dev/vdc');
    assert.equal(devicePath('/dev/sdb'), '/dev/sdb');
  });
});

describe('reading block device mappings', () => {
  test('legacy: the mapping on device letter a is the root disk', () => {
    const [r] = blockDeviceRequests([{ volume_id: 'v1', device_name: 'vda', delete_on_termination: 'true' }], undefined, '');
    assert.deepEqual(r, { source: 'volume', destination: 'volume', uuid: 'v1', bootIndex: 0, size: null, deviceName: 'vda', deleteOnTermination: true });
    const [other] = blockDeviceRequests([{ snapshot_id: 's1', device_name: '/dev/vdb', volume_size: 3 }], undefined, '');
    assert.equal(other.bootIndex, null);
    assert.equal(other.source, 'snapshot');
    assert.equal(other.size, 3);
  });

  test('v2: swap and ephemeral disks need no volume; boot_index strings are numbers', () => {
    const out = blockDeviceRequests(undefined, [
      { source_type: 'blank', destination_type: 'local', guest_format: 'swap', boot_index: '-1' },
      { source_type: 'volume', destination_type: 'volume', uuid: 'v1', boot_index: '0' },
    ], '');
    assert.deepEqual(out.map((r) => [r.source, r.uuid, r.bootIndex]), [['volume', 'v1', 0]]);
  });

  test('v2: Nova\'s format errors', () => {
    const message = (bdm: Record<string, unknown>, image = ''): string => {
      try {
        blockDeviceRequests(undefined, [bdm], image);
      } catch (err) {
        assert.ok(err instanceof NovaError);
        return `${err.code} ${err.message}`;
      }
      return 'no error';
    };
    assert.equal(message({ source_type: 'volume', destination_type: 'volume' }), '400 Block Device Mapping is Invalid: Missing device UUID.');
    assert.equal(message({ source_type: 'blank', uuid: 'x' }), '400 Block Device Mapping is Invalid: Invalid device UUID.');
    assert.equal(message({ source_type: 'image', destination_type: 'local', uuid: 'i', boot_index: 0 }), '400 Block Device Mapping is Invalid: Mapping image to local is not supported.');
    assert.equal(message({ source_type: 'image', destination_type: 'local', uuid: 'i', boot_index: 0 }, 'i'), 'no error');
  });
});
