import { decodePresencePong, encodePresencePing, type PresencePong } from './rmcp.js';
import { UdpChannel, type Attempts } from './udp-channel.js';

/** ASF Presence Ping: is something RMCP-aware listening? No session, no credentials. Undefined on silence. */
export async function presencePing(host: string, port: number, limits: Attempts = { attempts: 2, timeoutMs: 500 }): Promise<PresencePong | undefined> {
  const channel = await UdpChannel.connect(host, port);
  try {
    const tag = Math.floor(Math.random() * 0xfe);
    const out = await channel.exchange(
      () => encodePresencePing(tag),
      (d) => {
        try {
          const pong = decodePresencePong(d);
          return pong?.tag === tag ? pong : undefined;
        } catch {
          return undefined;
        }
      },
      limits,
    );
    return out.value;
  } finally {
    channel.close();
  }
}
