import { describe, expect, it } from 'vitest';
import { useLabConnection } from './lab-connection.js';

const root = process.getuid?.() === 0;

describe.skipIf(!root)('commands through the long-lived shell', () => {
  const { conn } = useLabConnection();

  it('keeps stdout, stderr and the exit code apart, with or without a final newline', async () => {
    expect(await conn().exec('printf out; printf err >&2; exit 7')).toEqual({ stdout: 'out', stderr: 'err', code: 7 });
    expect(await conn().exec('echo a; echo b >&2')).toEqual({ stdout: 'a\n', stderr: 'b\n', code: 0 });
  });

  it('runs each command with no stdin and in a shell of its own', async () => {
    expect((await conn().exec('cat; echo read-nothing')).stdout).toBe('read-nothing\n');
    await conn().exec('cd /etc; export LEAK=1; exit 0');
    expect((await conn().exec('pwd; echo "[$LEAK]"')).stdout).toBe('/root\n[]\n');
  });

  it("never lets a background process write into a later command's output", async () => {
    const r = await conn().exec('(sleep 1; echo LATE; echo LATE >&2) & echo started');
    expect(r.stdout).toBe('started\n');
    const later = await Promise.all([conn().exec('sleep 1.5; echo after'), conn().exec('sleep 1.5; echo after2')]);
    expect(later.map((x) => x.stdout)).toEqual(['after\n', 'after2\n']);
    expect(later.map((x) => x.stderr)).toEqual(['', '']);
  });

  it('passes hostile bytes through untouched', async () => {
    const hostile = `it's "q" $(x) \`y\` ; | & \n é ✓ -- -n`;
    const r = await conn().exec(`printf '%s' ${"'" + hostile.replace(/'/g, `'\\''`) + "'"}`);
    expect(r.stdout).toBe(hostile);
  });

  it('carries large output', async () => {
    const r = await conn().exec('head -c 3000000 /dev/zero | tr "\\0" x');
    expect(r.stdout.length).toBe(3_000_000);
  });

  it('answers commands in parallel (beyond the shells, on channels of their own)', async () => {
    const rs = await Promise.all(Array.from({ length: 12 }, (_, i) => conn().exec(`sleep 0.2; echo ${i}`)));
    expect(rs.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
  });

  it('feeds text stdin byte-exact, and binary stdin through a channel', async () => {
    const text = `line one 'q' $(x) \`y\`\n\\ttab é\nKPLAY-end\n`;
    expect((await conn().exec('cat', { stdin: text })).stdout).toBe(text);
    expect((await conn().exec('od -An -tx1 | tr -d " \\n"', { stdin: Buffer.from([0, 1, 255]) })).stdout).toBe('0001ff');
    expect((await conn().exec('cat', { stdin: 'no newline' })).stdout).toBe('no newline');
  });

  it('a command that kills its own shell fails alone; the next command works', async () => {
    const r = await conn().exec('kill -9 $PPID; sleep 1');
    expect(r.code).toBeNull();
    expect((await conn().exec('echo fine')).stdout).toBe('fine\n');
  });
});
