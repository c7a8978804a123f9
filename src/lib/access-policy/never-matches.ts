import { BlockList } from 'node:net';
import { type NetworkEntry, parseNetworkEntry } from './network.js';
import type { Policy } from './schema.js';
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

const parsed = (entries: readonly string[]) =>
  entries.map((text, i) => ({ i, entry: parseNetworkEntry(text) }));

/**
 * The rules of a valid policy that can never match: a blocklist entry wholly inside an allowlist
 * entry blocks nothing, since an allowlisted address passes before the blocklist is asked. Locs
 * are the API's (`network.ip_blocklist.0`).
 */
export function neverMatches(policy: Policy): Problem[] {
  const allowed = parsed(policy.network.ip_allowlist).flatMap(({ entry }) =>
    'error' in entry ? [] : [entry],
  );
  return parsed(policy.network.ip_blocklist).flatMap(({ i, entry }) => {
    if ('error' in entry) return [];
    const by = allowed.find((a) => covers(a, entry));
    if (!by) return [];
    return [
      {
        loc: ['network', 'ip_blocklist', i],
        msg: `${entry.text} is inside allowlisted ${by.text}, and the allowlist wins: this entry never blocks anything`,
        type: 'never_matches',
      },
    ];
  });
}
