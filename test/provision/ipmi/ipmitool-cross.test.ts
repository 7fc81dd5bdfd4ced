/**
 * The same ipmi_sim BMC driven by kplay and by `ipmitool -I lanplus -C 3`: what one sets,
 * the other reads. ipmitool gets the password from a file (-f), so it is in no argv.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiLanplusDriver } from '../../../src/provision/power/index.js';
import { allCommandLines, haveIpmitool, ipmitool, startIpmiSim, type SimBmc } from './helpers/ipmi-sim.js';

let bmc: SimBmc;
let driver: IpmiLanplusDriver;

beforeAll(async () => {
  if (!haveIpmitool()) throw new Error('ipmitool is not installed: apt-get install ipmitool (see scripts/apt-packages.txt)');
  bmc = await startIpmiSim();
  driver = new IpmiLanplusDriver({ host: bmc.host, port: bmc.port, username: bmc.username, password: bmc.password });
});
afterAll(async () => bmc?.stop());

function tool(...args: string[]): string {
  const r = ipmitool(bmc, args);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  return r.stdout;
}

describe('kplay and ipmitool on one BMC', () => {
  it('kplay sets bootdev pxe -> ipmitool bootparam get 5 shows Force PXE', async () => {
    await driver.setBootDevice('pxe');
    expect(tool('chassis', 'bootparam', 'get', '5')).toMatch(/Boot Device Selector : Force PXE/);
    await driver.setBootDevice('bios');
    expect(tool('chassis', 'bootparam', 'get', '5')).toMatch(/Boot Device Selector : Force Boot into BIOS Setup/);
  });

  it('ipmitool sets bootdev disk -> kplay reads disk', async () => {
    tool('chassis', 'bootdev', 'disk');
    expect(await driver.bootDevice()).toMatchObject({ device: 'disk' });
    tool('chassis', 'bootdev', 'pxe');
    expect(await driver.bootDevice()).toMatchObject({ device: 'pxe' });
  });

  it('ipmitool powers on -> kplay reads on; kplay powers off -> ipmitool reads off', async () => {
    tool('chassis', 'power', 'off');
    expect(await driver.powerStatus()).toBe('off');
    expect(tool('chassis', 'power', 'on')).toContain('Chassis Power Control: Up/On');
    expect(await driver.powerStatus()).toBe('on');
    await driver.setPower('off');
    expect(tool('chassis', 'power', 'status')).toBe('Chassis Power is off\n');
    await driver.setPower('on');
    expect(tool('chassis', 'power', 'status')).toBe('Chassis Power is on\n');
  });

  it('Get Device ID agrees with ipmitool mc info', async () => {
    const info = tool('mc', 'info');
    const id = await driver.deviceId();
    expect(info).toContain(`Firmware Revision         : ${id.firmwareRevision}`);
    expect(info).toContain(`IPMI Version              : ${id.ipmiVersion}`);
    expect(info).toContain(`Manufacturer ID           : ${id.manufacturerId}`);
    expect(info).toContain(`Product ID                : ${id.productId} (0x${id.productId.toString(16).padStart(4, '0')})`);
  });

  it('reads power status as ipmitool does, and leaves the password in no argv', async () => {
    const kplay: number[] = [];
    const tool3: number[] = [];
    const argvSeen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const pending = driver.powerStatus();
      argvSeen.push(...allCommandLines());
      const power = await pending;
      kplay.push(performance.now() - t0);
      const seen = ipmitool(bmc, ['chassis', 'power', 'status']);
      tool3.push(seen.ms);
      expect(`Chassis Power is ${String(power)}\n`).toBe(seen.stdout);
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    console.log(`power status, median of 5: kplay ${median(kplay).toFixed(1)} ms, ipmitool -C 3 ${median(tool3).toFixed(1)} ms (process start included)`);
    expect(argvSeen.join('\n')).not.toContain(bmc.password.reveal());
    expect(process.argv.join(' ')).not.toContain(bmc.password.reveal());
  });
});
