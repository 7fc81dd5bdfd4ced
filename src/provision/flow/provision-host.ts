import type { Booter, BootEventKind } from '../boot/booter.js';
import type { PoolHost } from '../pools/model.js';
import type { PowerDriver } from '../power/driver.js';
import type { HostStateStore } from '../store/store.js';
import { claimForProvisioning } from './claim.js';
import { InterruptedError, ProvisionStepError, sleep, within } from './errors.js';
import type { HostResult, Phase, ProvisionEvent } from './events.js';
import { waitForSsh } from './ssh-wait.js';

export interface HostProvisionContext {
  readonly store: HostStateStore;
  readonly booter: Booter;
  readonly driverFor: (host: PoolHost) => PowerDriver;
  readonly force: boolean;
  readonly powerOffAfter: boolean;
  /** From power-on to the installer's callback. */
  readonly installTimeoutMs: number;
  /** From the callback to an SSH login. */
  readonly sshTimeoutMs: number;
  readonly signal?: AbortSignal;
  readonly runId?: string;
  readonly emit: (e: ProvisionEvent) => void;
}

/**
 * One host, registered → provisioning → provisioned (→ ready): boot device PXE (one-shot),
 * power on, serve its boot files, wait for the installer's callback (an image profile:
 * then boot device disk and a power cycle into the written image), then for SSH with the
 * profile's credentials, check it is the right machine (boot MAC), boot device disk.
 * An installer that calls back with a failure puts the host in `error` with its reason at once.
 * Any failure records `error` with the phase and reason; it never throws.
 */
export async function provisionHost(host: PoolHost, ctx: HostProvisionContext): Promise<HostResult> {
  const t0 = Date.now();
  const phases: Partial<Record<Phase, number>> = {};
  const boot: Partial<Record<BootEventKind, number>> = {};
  let phase: Phase = 'claim';
  let phaseStart = t0;
  const enter = (p: Phase): void => {
    const now = Date.now();
    phases[phase] = now - phaseStart;
    phase = p;
    phaseStart = now;
    ctx.emit({ kind: 'phase', host: host.name, phase: p, at: now });
  };
  const result = (outcome: HostResult['outcome'], extra: { reason?: string; address?: string } = {}): HostResult => {
    phases[phase] = Date.now() - phaseStart;
    const r: HostResult = { host: host.name, outcome, phases, boot, totalMs: Date.now() - t0, ...extra };
    ctx.emit({ kind: 'done', host: host.name, result: r, at: Date.now() });
    return r;
  };
  const runId = ctx.runId ? { runId: ctx.runId } : {};

  if (ctx.signal?.aborted) return result('skipped', { reason: 'interrupted before it started' });
  ctx.emit({ kind: 'phase', host: host.name, phase, at: t0 });
  let claimed = false;
  let unsubscribe = (): void => undefined;
  try {
    const claim = await claimForProvisioning(ctx.store, host, ctx.force, ctx.runId);
    if (!claim.claimed) return result('skipped', { reason: claim.reason });
    claimed = true;
    enter('ipmi');
    const driver = ctx.driverFor(host);
    if ((await driver.powerStatus()) === 'on') await powerOffAndWait(driver, ctx.signal);
    // Armed before power-on: the firmware asks for its script a few seconds later.
    const armed = ctx.booter.arm(host);
    let poweredOnAt = Date.now();
    unsubscribe = ctx.booter.onEvent((e) => {
      if (e.host !== host.name || boot[e.kind] !== undefined) return;
      boot[e.kind] = e.at - poweredOnAt;
      ctx.emit({ kind: 'boot', host: host.name, step: e.kind, at: e.at });
    });
    await driver.setBootDevice('pxe', { oneShot: true });
    await driver.setPower('on');
    poweredOnAt = Date.now();

    enter('install');
    const callback = await within(armed.callback, ctx.installTimeoutMs, 'installer callback', ctx.signal).catch((e: unknown) => {
      throw e instanceof InterruptedError ? e : new Error(`the installer did not call back within ${Math.round(ctx.installTimeoutMs / 1000)} s (${bootProgress(boot)})`);
    });
    ctx.booter.disarm(host.name);
    // The installer said it failed (a checksum mismatch, a write error): no point waiting for SSH.
    if (callback.failure !== undefined) throw new Error(`the installer reported a failure: ${callback.failure}`);

    // An image profile's callback comes from the deploy ramdisk once the image is written:
    // the installed OS is on the disk, so the host boots from there (Ironic's reboot step).
    const bootsFromDisk = host.profile.kind === 'image';
    if (bootsFromDisk) {
      enter('reboot');
      await driver.setBootDevice('disk', { oneShot: false });
      await powerOffAndWait(driver, ctx.signal);
      await driver.setPower('on');
    }

    enter('ssh');
    const address = host.ssh.address ?? callback.remoteAddress;
    const who = await waitForSsh(
      { host: address, port: host.ssh.port, username: host.ssh.user ?? 'root', ...(host.ssh.privateKeyFile ? { privateKeyFile: host.ssh.privateKeyFile } : {}) },
      Date.now() + ctx.sshTimeoutMs,
      ctx.signal,
    );
    if (!who.macs.includes(host.bootMACAddress)) {
      throw new Error(`SSH at ${address} is not ${host.name}: its MACs are ${who.macs.join(', ') || 'none'}, not ${host.bootMACAddress}`);
    }

    enter('finish');
    if (!bootsFromDisk) await driver.setBootDevice('disk', { oneShot: false });
    await ctx.store.transition({ host: host.name, to: { state: 'provisioned' }, reason: `SSH on ${address} (${who.hostname})`, ...runId });
    if (!ctx.powerOffAfter) return result('provisioned', { address });
    await powerOffAndWait(driver, ctx.signal);
    await ctx.store.transition({ host: host.name, to: { state: 'ready' }, reason: 'powered off after provisioning', ...runId });
    return result('ready', { address });
  } catch (e) {
    ctx.booter.disarm(host.name);
    const detail = (e as Error).message;
    const reason = new ProvisionStepError(host.name, phase, detail).message;
    if (claimed) await recordError(ctx, host.name, reason);
    return result('error', { reason });
  } finally {
    unsubscribe();
  }
}

async function powerOffAndWait(driver: PowerDriver, signal?: AbortSignal): Promise<void> {
  await driver.setPower('off');
  for (let i = 0; i < 20; i++) {
    if ((await driver.powerStatus()) === 'off') return;
    await sleep(500, signal);
  }
  throw new Error(`BMC ${driver.bmc} still reports power on 10 s after power off`);
}

async function recordError(ctx: HostProvisionContext, host: string, reason: string): Promise<void> {
  try {
    await ctx.store.transition({ host, to: { state: 'error', reason }, ...(ctx.runId ? { runId: ctx.runId } : {}) });
  } catch {
    // The store itself failing leaves the host in `provisioning`; the next run repairs that.
  }
}

function bootProgress(boot: Partial<Record<BootEventKind, number>>): string {
  const seen = Object.keys(boot);
  return seen.length ? `last seen: ${seen.join(', ')}` : 'it never asked for its iPXE script';
}
