/**
 * date_time (system/date_time.py): local fields from one `date` call, the UTC ones computed
 * from the same instant, tz_dst as Python's time.tzname[1] (the zone's daylight name, or its
 * standard name when it has none) read from the TZif footer or a POSIX TZ value.
 */
import type { Collect } from './context.js';
import { parseEnviron } from './system.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The std and dst abbreviations of a POSIX TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3`. */
export function posixTzNames(spec: string): [string, string] | undefined {
  const name = /^(<[^>]*>|[A-Za-z]{3,})/;
  const s = spec.startsWith(':') ? spec.slice(1) : spec;
  const std = name.exec(s);
  if (!std) return undefined;
  const rest = s.slice(std[0].length).replace(/^[+-]?\d+(:\d+){0,2}/, '');
  const dst = name.exec(rest);
  const clean = (n: string): string => n.replace(/^<|>$/g, '');
  return [clean(std[0]), clean(dst ? dst[0] : std[0])];
}

export const dateTime: Collect = ({ raw }) => {
  const parts = (raw.get('date') ?? '').split('|');
  if (parts.length < 13) throw new Error('date gave no usable output');
  const [year, month, weekday, weekdayNumber, weeknumber, day, hour, minute, second, epoch, tz, tzOffset, nanos] = parts as [
    string, string, string, string, string, string, string, string, string, string, string, string, string,
  ];
  const micro = /^\d{9}$/.test(nanos) ? nanos.slice(0, 6) : '000000';
  const utc = new Date(Number(epoch) * 1000);
  const utcDate = `${utc.getUTCFullYear()}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
  const utcTime = `${pad(utc.getUTCHours())}:${pad(utc.getUTCMinutes())}:${pad(utc.getUTCSeconds())}`;
  const env = parseEnviron(raw.file('env') ?? '');
  const footer = raw.cmd('tzfooter');
  const names =
    (footer && footer.rc === 0 ? posixTzNames(footer.out.trim()) : undefined) ??
    (env['TZ'] ? posixTzNames(env['TZ']) : undefined) ??
    (env['TZ'] === undefined ? ['UTC', 'UTC'] : undefined);
  return {
    date_time: {
      year,
      month,
      weekday,
      weekday_number: weekdayNumber,
      weeknumber,
      day,
      hour,
      minute,
      second,
      epoch,
      epoch_int: String(Math.trunc(Number(epoch))),
      date: `${year}-${month}-${day}`,
      time: `${hour}:${minute}:${second}`,
      iso8601_micro: `${utcDate}T${utcTime}.${micro}Z`,
      iso8601: `${utcDate}T${utcTime}Z`,
      iso8601_basic: `${year}${month}${day}T${hour}${minute}${second}${micro}`,
      iso8601_basic_short: `${year}${month}${day}T${hour}${minute}${second}`,
      tz,
      tz_dst: names ? names[1] : tz,
      tz_offset: tzOffset,
    },
  };
};
