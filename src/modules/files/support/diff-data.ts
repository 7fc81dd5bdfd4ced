import type { Connection } from '../../../connection/types.js';
import { isReg, type RemoteStat } from './remote-stat.js';

/** Ansible's MAX_FILE_SIZE_FOR_DIFF default. */
export const MAX_FILE_SIZE_FOR_DIFF = 104448;

/**
 * The action plugins' _get_diff_data: the host's current file against the new content
 * (binary and oversized files are reported, not diffed). Bytes are decoded as UTF-8, as to_text does.
 */
export async function fileDiffData(conn: Connection, dest: string, destStat: RemoteStat | undefined, after: Buffer, afterHeader: string): Promise<Record<string, unknown>> {
  const diff: Record<string, unknown> = {};
  if (!destStat) diff['before'] = '';
  else if (destStat.size > MAX_FILE_SIZE_FOR_DIFF) diff['dst_larger'] = MAX_FILE_SIZE_FOR_DIFF;
  else if (isReg(destStat) || destStat.lnkSource !== undefined) {
    const before = await conn.getFile(dest).catch(() => undefined);
    if (before && before.subarray(0, 8192).includes(0)) diff['dst_binary'] = 1;
    else if (before) {
      diff['before_header'] = dest;
      diff['before'] = before.toString('utf8');
    }
  }
  if (after.length > MAX_FILE_SIZE_FOR_DIFF) diff['src_larger'] = MAX_FILE_SIZE_FOR_DIFF;
  else if (after.includes(0)) diff['src_binary'] = 1;
  else {
    diff['after_header'] = afterHeader;
    diff['after'] = after.toString('utf8');
  }
  return diff;
}
