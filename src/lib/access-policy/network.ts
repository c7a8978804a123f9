import { BlockList, isIP } from 'node:net';
import type { Policy } from './schema.js';

// The network step: IPv4 and IPv6 addresses and CIDR ranges, parsed by node:net (isIP, BlockList)
// rather than by hand. An IPv4-mapped IPv6 address (::ffff:10.1.2.3) counts as IPv4, and each
// family is matched only against entries of its own family: BlockList alone would let `::/0`
// match every IPv4 address, while the API keeps `0.0.0.0/0` and `::/0` apart (docs/authorization.md).

export type Family = 4 | 6;

/** One parsed allowlist or blocklist entry. */
export interface NetworkEntry {
  /** As written in the policy. */
  text: string;
  family: Family;
  address: string;
  prefix: number;
}

/** A client address as matched: its family and canonical text (IPv4-mapped IPv6 as IPv4). */
export interface ClientAddress {
  family: Family;
  address: string;
}

const PREFIX = /^(0|[1-9][0-9]{0,2})$/;
const MAPPED = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/** The RFC 5952 form of an IPv6 address (lower case, `::` compressed, IPv4 tails in hex). */
function canonicalIPv6(address: string): string | undefined {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/** The IPv4 address an IPv4-mapped IPv6 address stands for, else undefined. */
function mappedIPv4(canonical: string): string | undefined {
  const m = MAPPED.exec(canonical);
  if (!m) return undefined;
  const hi = Number.parseInt(m[1] as string, 16);
  const lo = Number.parseInt(m[2] as string, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/**
 * A client address for matching: the socket's or a forwarded one. An IPv6 zone (`%eth0`) is
 * dropped; text that is no IP address at all (a forwarded `unknown`, `1.2.3.4:80`) gives null.
 */
export function clientAddress(raw: string): ClientAddress | null {
  const text = raw.includes(':') ? (raw.split('%')[0] as string) : raw;
  const family = isIP(text);
  if (family === 4) return { family: 4, address: text };
  if (family !== 6) return null;
  const canonical = canonicalIPv6(text);
  if (canonical === undefined) return null;
  const v4 = mappedIPv4(canonical);
  return v4 === undefined ? { family: 6, address: canonical } : { family: 4, address: v4 };
}

/** Parse an allowlist or blocklist entry (`10.0.0.0/8`, `203.0.113.50`, `2001:db8::/32`), or say why not. */
export function parseNetworkEntry(text: string): NetworkEntry | { error: string } {
  const parts = text.split('/');
  const [address = '', prefixText] = parts;
  if (parts.length > 2 || /\s/.test(text)) return { error: `"${text}" is not an IP address or CIDR range` };
  if (address.includes('%')) return { error: `"${text}": an IPv6 zone (%…) cannot be matched` };
  const family = isIP(address);
  if (family !== 4 && family !== 6) {
    return { error: `"${text}" is not an IPv4 or IPv6 address${prefixText === undefined ? '' : ' range'}` };
  }
  const max = family === 4 ? 32 : 128;
  if (prefixText !== undefined && (!PREFIX.test(prefixText) || Number(prefixText) > max)) {
    return { error: `"${text}": the prefix length must be a whole number from 0 to ${max}` };
  }
  if (family === 6) {
    const v4 = mappedIPv4(canonicalIPv6(address) ?? '');
    if (v4 !== undefined) {
      return { error: `"${text}" is an IPv4-mapped IPv6 address, which counts as IPv4: write ${v4} instead` };
    }
  }
  return { text, family, address, prefix: prefixText === undefined ? max : Number(prefixText) };
}

/** The network step's answer for one address. */
export interface NetworkVerdict {
  blocked: boolean;
  /** The entry that decided, as `network.ip_blocklist."0.0.0.0/0"`; null when no entry matched. */
  decided_by: string | null;
  reason: string;
}

type ListName = 'ip_allowlist' | 'ip_blocklist';
interface CompiledEntry {
  entry: NetworkEntry;
  list: BlockList;
}

function compileList(entries: readonly string[]): CompiledEntry[] {
  return entries.flatMap((text) => {
    const entry = parseNetworkEntry(text);
    if ('error' in entry) return []; // validation refuses these before a policy is stored
    const list = new BlockList();
    list.addSubnet(entry.address, entry.prefix, entry.family === 4 ? 'ipv4' : 'ipv6');
    return [{ entry, list }];
  });
}

function firstMatch(list: CompiledEntry[], addr: ClientAddress): CompiledEntry | undefined {
  const type = addr.family === 4 ? 'ipv4' : 'ipv6';
  return list.find((c) => c.entry.family === addr.family && c.list.check(addr.address, type));
}

const ruleName = (list: ListName, entry: string) => `network.${list}.${JSON.stringify(entry)}`;

/**
 * Compile a policy's network rules into a decision over client addresses: an allowlisted address
 * passes; otherwise one in the blocklist is refused. Text that is no address is refused whenever
 * the blocklist has any entry (it cannot be shown to be outside it).
 */
export function networkDecider(network: Policy['network']): (raw: string) => NetworkVerdict {
  const allow = compileList(network.ip_allowlist);
  const block = compileList(network.ip_blocklist);
  return (raw) => {
    const addr = clientAddress(raw);
    if (addr === null) {
      return block.length === 0
        ? { blocked: false, decided_by: null, reason: 'no blocklist' }
        : {
            blocked: true,
            decided_by: 'network.ip_blocklist',
            reason: 'the client address is not an IP address, and the policy has a blocklist',
          };
    }
    const allowed = firstMatch(allow, addr);
    if (allowed) {
      return {
        blocked: false,
        decided_by: ruleName('ip_allowlist', allowed.entry.text),
        reason: `${addr.address} is in the allowlist`,
      };
    }
    const refused = firstMatch(block, addr);
    if (refused) {
      return {
        blocked: true,
        decided_by: ruleName('ip_blocklist', refused.entry.text),
        reason: `${addr.address} is blocked by the organization's network policy (${refused.entry.text})`,
      };
    }
    return { blocked: false, decided_by: null, reason: `${addr.address} matches no network rule` };
  };
}
