// TRUSTED_PROXY_HOSTS as address ranges: which entries are valid, what the whole list trusts (every
// client, or ranges wider than any proxy list needs), and the list Fastify's trustProxy is given.
// server-rules.ts judges the setting with it (for the emulator's start and security check alike);
// the emulator's server hands trustProxyList to Fastify.
import { isIP } from 'node:net';

/** Whether a TRUSTED_PROXY_HOSTS entry is an IP address or a CIDR range. */
export function validProxyEntry(entry: string): boolean {
  const [ip, bits, ...rest] = entry.split('/');
  const family = isIP(ip ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/**
 * The narrowest prefix a TRUSTED_PROXY_HOSTS entry may have: /8 for IPv4 (10.0.0.0/8, the widest
 * private block a proxy pool sits in), /7 for IPv6 (fc00::/7, every unique-local address; 2000::/3
 * is the whole internet). A wider range trusts clients, not proxies, and no proxy list needs one.
 */
export const MIN_PROXY_PREFIX = { ipv4: 8, ipv6: 7 } as const;

const V6_BITS = 128n;
const ALL_V6 = (1n << V6_BITS) - 1n;
/** ::ffff:0:0/96, the IPv4-mapped addresses: an IPv4 client as Node may see it, and proxy-addr matches. */
const MAPPED_START = 0xffffn << 32n;
const MAPPED_END = MAPPED_START + 0xffffffffn;

function v4Bits(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6Bits(ip: string): bigint {
  let text = ip.split('%')[0] ?? '';
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail !== undefined) {
    const n = v4Bits(tail);
    text = `${text.slice(0, -tail.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/**
 * An entry (valid by validProxyEntry) as the addresses it covers in one 128-bit space, IPv4 as its
 * IPv4-mapped form (`10.0.0.0/8` is `::ffff:10.0.0.0/104`): the way proxy-addr matches an IPv4 peer
 * against an IPv6 range. `v4Prefix` is the prefix of its IPv4 part (an IPv6 range holding every
 * mapped address has /0), undefined when it has none; `v6Prefix` its own prefix when it has addresses
 * outside the mapped block.
 */
function proxyRange(entry: string): {
  start: bigint;
  end: bigint;
  v4Prefix: number | undefined;
  v6Prefix: number | undefined;
} {
  const [ip = '', bits] = entry.split('/');
  const v4 = isIP(ip) === 4;
  const prefix = bits === undefined ? (v4 ? 32 : 128) : Number(bits);
  const bits128 = v4 ? MAPPED_START | v4Bits(ip) : v6Bits(ip);
  const prefix128 = v4 ? prefix + 96 : prefix;
  const size = 1n << (V6_BITS - BigInt(prefix128));
  const start = bits128 & ~(size - 1n) & ALL_V6;
  const end = start + size - 1n;
  const inMapped = start >= MAPPED_START && end <= MAPPED_END;
  const holdsMapped = start <= MAPPED_START && end >= MAPPED_END;
  return {
    start,
    end,
    v4Prefix: inMapped ? prefix128 - 96 : holdsMapped ? 0 : undefined,
    v6Prefix: inMapped ? undefined : prefix128,
  };
}

/** Whether the ranges together cover every address from `from` to `to`. */
function covers(ranges: ReadonlyArray<{ start: bigint; end: bigint }>, from: bigint, to: bigint): boolean {
  let next = from;
  for (const r of [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
    if (r.start > next) return false;
    if (r.end >= next) next = r.end + 1n;
    if (next > to) return true;
  }
  return next > to;
}

/**
 * How a TRUSTED_PROXY_HOSTS list (every entry valid) trusts clients rather than proxies, judged over
 * all its entries together: `everyone` when they cover every IPv4 client (IPv4-mapped IPv6 ranges
 * judged as IPv4) or every IPv6 one (`0.0.0.0/1,128.0.0.0/1`, `::ffff:0.0.0.0/96`, `::/0`); `tooWide`
 * names the entries wider than MIN_PROXY_PREFIX. The emulator's start and security check both judge
 * with it.
 */
export function proxyTrustProblems(hosts: readonly string[]): { everyone: boolean; tooWide: string[] } {
  const ranges = hosts.map((entry) => ({ entry, ...proxyRange(entry) }));
  const everyone =
    covers(ranges, MAPPED_START, MAPPED_END) ||
    (covers(ranges, 0n, MAPPED_START - 1n) && covers(ranges, MAPPED_END + 1n, ALL_V6));
  const tooWide = ranges
    .filter(
      (r) =>
        (r.v4Prefix !== undefined && r.v4Prefix < MIN_PROXY_PREFIX.ipv4) ||
        (r.v6Prefix !== undefined && r.v6Prefix < MIN_PROXY_PREFIX.ipv6),
    )
    .map((r) => r.entry);
  return { everyone, tooWide };
}

/** Whether an entry (valid by validProxyEntry) has a prefix of 0: `0.0.0.0/0`, `::/0`. */
function prefixZero(entry: string): boolean {
  const bits = entry.split('/')[1];
  return bits !== undefined && Number(bits) === 0;
}

/**
 * The list Fastify's trustProxy (proxy-addr) is given for TRUSTED_PROXY_HOSTS: the same addresses,
 * a `/0` range as its two halves (proxy-addr refuses a prefix of 0, and the start crashed on it).
 */
export function trustProxyList(hosts: readonly string[]): string[] {
  return hosts.flatMap((entry) => {
    if (!prefixZero(entry)) return [entry];
    return isIP(entry.split('/')[0] ?? '') === 4 ? ['0.0.0.0/1', '128.0.0.0/1'] : ['::/1', '8000::/1'];
  });
}
