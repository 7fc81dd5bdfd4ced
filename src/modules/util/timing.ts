const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Python's str(datetime.now()): `2026-11-23 06:35:04.557553` (local time). */
export function pythonDatetime(d: Date, micros = 0): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds() * 1000 + micros, 6)}`;
}

/** Python's str(timedelta): `0:00:00.004662`. */
export function pythonTimedelta(ms: number): string {
  const totalMicros = Math.max(0, Math.round(ms * 1000));
  const micros = totalMicros % 1_000_000;
  const secs = Math.floor(totalMicros / 1_000_000);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return `${h}:${pad(m)}:${pad(s)}.${pad(micros, 6)}`;
}

/** Measures a remote call the way Ansible's command module reports it. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; start: string; end: string; delta: string }> {
  const t0 = performance.now();
  const start = new Date();
  const value = await fn();
  const elapsed = performance.now() - t0;
  const end = new Date(start.getTime() + elapsed);
  return { value, start: pythonDatetime(start), end: pythonDatetime(end), delta: pythonTimedelta(elapsed) };
}
