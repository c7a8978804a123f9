import { BlockList } from 'node:net';
import { type NetworkEntry, parseNetworkEntry } from './network.js';
import type { Problem } from './validate.js';

// Rules that are valid but can never take effect: worth a warning (`security check`, `access
// apply`), never a refusal, since the policy still means what it says. validatePolicy refuses
// what is wrong; this finds what is pointless.

/** Whether every address of `inner` lies in `outer` (same family, a prefix at least as long). */
function covers(outer: NetworkEntry, inner: NetworkEntry): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const list = new BlockList();
  const type = outer.family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(outer.address, outer.prefix, type);
  return list.check(inner.address, type);
}

// Only the entries that parse: a document with problems elsewhere is still worth these warnings.
const parsed = (entries: unknown) =>
  (Array.isArray(entries) ? entries : []).flatMap((text, i) => {
    const entry = typeof text === 'string' ? parseNetworkEntry(text) : { error: 'not text' };
    return 'error' in entry ? [] : [{ i, entry }];
  });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The rules of a policy document (the API's, valid or not) that can never match: a blocklist
 * entry wholly inside an allowlist entry blocks nothing, since an allowlisted address passes
 * before the blocklist is asked. Locs are the API's (`network.ip_blocklist.0`).
 */
export function neverMatches(doc: unknown): Problem[] {
  const network = isObject(doc) && isObject(doc.network) ? doc.network : {};
  const allowed = parsed(network.ip_allowlist).map(({ entry }) => entry);
  return parsed(network.ip_blocklist).flatMap(({ i, entry }) => {
    const by = allowed.find((a) => covers(a, entry));
    if (!by) return [];
    return [
      {
        loc: ['network', 'ip_blocklist', i],
        msg: `${entry.text} is ${by.text === entry.text ? 'also allowlisted' : `inside allowlisted ${by.text}`}, and the allowlist wins: this entry never blocks anything`,
        type: 'never_matches',
      },
    ];
  });
}
