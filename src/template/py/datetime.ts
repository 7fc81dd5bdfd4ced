/* Python's naive datetime/timedelta, enough for now(), to_datetime and strftime. */
import { valueError } from './errors.js';
import { mkNum } from './values.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export class PyTimedelta {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;
  constructor(totalMicro: number) {
    const day = 86400e6;
    this.days = Math.floor(totalMicro / day);
    const rest = totalMicro - this.days * day;
    this.seconds = Math.floor(rest / 1e6);
    this.microseconds = Math.round(rest - this.seconds * 1e6);
  }
  totalMicro(): number {
    return this.days * 86400e6 + this.seconds * 1e6 + this.microseconds;
  }
  toString(): string {
    const h = Math.floor(this.seconds / 3600);
    const m = Math.floor((this.seconds % 3600) / 60);
    const s = this.seconds % 60;
    const time = `${h}:${pad(m)}:${pad(s)}${this.microseconds ? '.' + pad(this.microseconds, 6) : ''}`;
    return this.days ? `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ${time}` : time;
  }
}

/** A naive datetime: wall-clock fields, stored as if they were UTC. */
export class PyDateTime {
  constructor(
    /** Milliseconds of the wall-clock fields read as UTC. */
    readonly wall: number,
    readonly microsecond: number,
  ) {}

  static now(utc: boolean): PyDateTime {
    const d = new Date();
    const wall = utc ? d.getTime() : d.getTime() - d.getTimezoneOffset() * 60000;
    return new PyDateTime(wall - (wall % 1000), (d.getTime() % 1000) * 1000);
  }

  static fromEpoch(seconds: number, utc: boolean): PyDateTime {
    const ms = seconds * 1000;
    const off = utc ? 0 : new Date(ms).getTimezoneOffset() * 60000;
    const wall = ms - off;
    const whole = Math.floor(wall / 1000) * 1000;
    return new PyDateTime(whole, Math.round((wall - whole) * 1000));
  }

  private get d(): Date {
    return new Date(this.wall);
  }
  get year(): number {
    return this.d.getUTCFullYear();
  }
  get month(): number {
    return this.d.getUTCMonth() + 1;
  }
  get day(): number {
    return this.d.getUTCDate();
  }
  get hour(): number {
    return this.d.getUTCHours();
  }
  get minute(): number {
    return this.d.getUTCMinutes();
  }
  get second(): number {
    return this.d.getUTCSeconds();
  }
  /** Monday is 0. */
  weekday(): number {
    return (this.d.getUTCDay() + 6) % 7;
  }
  epochMicro(): number {
    return this.wall * 1000 + this.microsecond;
  }
  /** Seconds since the epoch, reading the fields as local time (datetime.timestamp()). */
  timestamp(): number {
    const local = new Date(this.year, this.month - 1, this.day, this.hour, this.minute, this.second);
    return local.getTime() / 1000 + this.microsecond / 1e6;
  }
  isoformat(sep = 'T'): string {
    const us = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return `${this.year}-${pad(this.month)}-${pad(this.day)}${sep}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${us}`;
  }
  toString(): string {
    return this.isoformat(' ');
  }

  strftime(fmt: string): string {
    return fmt.replace(/%([a-zA-Z%])/g, (all, c: string) => {
      const start = Date.UTC(this.year, 0, 1);
      const yday = Math.floor((this.wall - start) / 86400000) + 1;
      switch (c) {
        case 'Y': return String(this.year);
        case 'y': return pad(this.year % 100);
        case 'm': return pad(this.month);
        case 'd': return pad(this.day);
        case 'e': return String(this.day).padStart(2, ' ');
        case 'H': return pad(this.hour);
        case 'I': return pad(this.hour % 12 || 12);
        case 'M': return pad(this.minute);
        case 'S': return pad(this.second);
        case 'f': return pad(this.microsecond, 6);
        case 'p': return this.hour < 12 ? 'AM' : 'PM';
        case 'j': return pad(yday, 3);
        case 'a': return DAYS[this.weekday()]!.slice(0, 3);
        case 'A': return DAYS[this.weekday()]!;
        case 'w': return String((this.weekday() + 1) % 7);
        case 'u': return String(this.weekday() + 1);
        case 'b': case 'h': return MONTHS[this.month - 1]!.slice(0, 3);
        case 'B': return MONTHS[this.month - 1]!;
        case 'z': return '';
        case 'Z': return '';
        case 's': return String(Math.floor(this.timestamp()));
        case 'c': return this.strftime('%a %b %e %H:%M:%S %Y');
        case 'x': return this.strftime('%m/%d/%y');
        case 'X': return this.strftime('%H:%M:%S');
        case 'D': return this.strftime('%m/%d/%y');
        case 'F': return this.strftime('%Y-%m-%d');
        case 'T': return this.strftime('%H:%M:%S');
        case 'R': return this.strftime('%H:%M');
        case 'n': return '\n';
        case 't': return '\t';
        case '%': return '%';
        default: return all;
      }
    });
  }

  /** datetime.strptime for the common directives. */
  static strptime(s: string, fmt: string): PyDateTime {
    const f: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0, f: 0 };
    let re = '^';
    const order: string[] = [];
    const parts: Record<string, string> = {
      Y: '(\\d{4})', y: '(\\d{2})', m: '(\\d{1,2})', d: '(\\d{1,2})', H: '(\\d{1,2})', I: '(\\d{1,2})', M: '(\\d{1,2})',
      S: '(\\d{1,2})', f: '(\\d{1,6})', b: '([A-Za-z]{3})', B: '([A-Za-z]+)', p: '(AM|PM|am|pm)', j: '(\\d{1,3})',
      a: '[A-Za-z]{3}', A: '[A-Za-z]+', z: '([-+]\\d{4}|Z)?', Z: '[A-Z]*',
    };
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i]!;
      if (c === '%' && i + 1 < fmt.length) {
        const d = fmt[++i]!;
        if (d === '%') re += '%';
        else if (parts[d]) {
          re += parts[d];
          if (parts[d]!.startsWith('(')) order.push(d);
        } else throw valueError(`'${d}' is a bad directive in format '${fmt}'`);
      } else re += /\s/.test(c) ? '\\s+' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    const m = new RegExp(re + '$').exec(s);
    if (!m) throw valueError(`time data ${JSON.stringify(s).replace(/"/g, "'")} does not match format '${fmt}'`);
    let pm: boolean | undefined;
    order.forEach((d, i) => {
      const v = m[i + 1] ?? '';
      if (d === 'y') f['Y'] = 2000 + parseInt(v, 10) - (parseInt(v, 10) >= 69 ? 100 : 0);
      else if (d === 'b' || d === 'B') f['m'] = MONTHS.findIndex((x) => x.toLowerCase().startsWith(v.toLowerCase().slice(0, 3))) + 1;
      else if (d === 'p') pm = v.toLowerCase() === 'pm';
      else if (d === 'I') f['H'] = parseInt(v, 10) % 12;
      else if (d === 'f') f['f'] = parseInt(v.padEnd(6, '0'), 10);
      else if (d !== 'z') f[d] = parseInt(v, 10);
    });
    if (pm) f['H'] = (f['H'] ?? 0) + 12;
    const wall = Date.UTC(f['Y']!, f['m']! - 1, f['d']!, f['H']!, f['M']!, f['S']!);
    return new PyDateTime(wall, f['f'] ?? 0);
  }
}

/** Attributes and methods of datetime/timedelta values, or undefined. */
export function dateAttribute(obj: unknown, name: string, fn: (n: string, f: (a: unknown[]) => unknown) => unknown): unknown {
  if (obj instanceof PyDateTime) {
    switch (name) {
      case 'year': case 'month': case 'day': case 'hour': case 'minute': case 'second': case 'microsecond':
        return obj[name];
      case 'strftime':
        return fn(name, (a) => obj.strftime(String(a[0] ?? '')));
      case 'isoformat':
        return fn(name, (a) => obj.isoformat(a[0] === undefined ? 'T' : String(a[0])));
      case 'timestamp':
        return fn(name, () => mkNum(obj.timestamp(), true));
      case 'weekday':
        return fn(name, () => obj.weekday());
      case 'isoweekday':
        return fn(name, () => obj.weekday() + 1);
      default:
        return undefined;
    }
  }
  if (obj instanceof PyTimedelta) {
    if (name === 'days' || name === 'seconds' || name === 'microseconds') return obj[name];
    if (name === 'total_seconds') return fn(name, () => mkNum(obj.totalMicro() / 1e6, true));
  }
  return undefined;
}
