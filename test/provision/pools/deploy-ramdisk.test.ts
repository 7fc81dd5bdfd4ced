import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, problemAt, writePools } from './helpers.js';
import { loadPools } from '../../../src/provision/pools/index.js';

const POOLS = `profiles:
  p: {image: disk.img}
pools:
  a:
    hosts: []
`;

describe('pools.yml provisioning: deploy ramdisk (for image profiles)', () => {
  it('reads deployKernel and deployRamdisk (paths from the pools file, URLs as written) and deployCmdline', () => {
    const { dir, file } = writePools(`provisioning:\n  interface: br0\n  deployKernel: deploy/vmlinuz\n  deployRamdisk: http://boot.lab/ipa.initramfs\n  deployCmdline: console=ttyS0\n${POOLS}`);
    expect(loadPools(file).provisioning?.deploy).toEqual({ kernel: join(dir, 'deploy/vmlinuz'), initrd: 'http://boot.lab/ipa.initramfs', cmdline: 'console=ttyS0' });
    expect(load(`provisioning:\n  interface: br0\n${POOLS}`).provisioning?.deploy).toBeUndefined();
  });

  it('one without the other is an error at its line and column', () => {
    expect(problemAt(`provisioning:\n  interface: br0\n  deployKernel: k\n${POOLS}`, /has deployKernel but no deployRamdisk/)).toMatchObject({ line: 3, column: 3 });
    expect(problemAt(`provisioning:\n  interface: br0\n  deployRamdisk: r\n${POOLS}`, /has deployRamdisk but no deployKernel/)).toMatchObject({ line: 3, column: 3 });
    expect(problemAt(`provisioning:\n  interface: br0\n  deployCmdline: quiet\n${POOLS}`, /deployCmdline needs deployKernel and deployRamdisk/)).toMatchObject({ line: 3, column: 3 });
  });
});
