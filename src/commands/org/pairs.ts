import { mayShowName } from '../../lib/shown-value.js';
import { QUOTA_KEYS, type QuotaKey } from '../../lib/validate.js';
import { ArgumentError, pairsArg } from '../args.js';
import { suggestion } from '../argument-errors.js';

// The KEY=VALUE arguments of `org quota set` and `org governance set`, typed before any request.
// Kept apart from quota.ts and governance.ts so that declaring the verbs loads neither.

const EXAMPLES: Record<QuotaKey, number> = {
  workflow_runs_per_hour: 5000,
  concurrent_executions: 20,
  memory_mb: 8192,
};

/**
 * The hint for a key that is none of `keys`: the near one first (`memory_mbb`, `memory`: memory_mb;
 * `allow_self_aproval`), then all of them, as before.
 */
function nearOrAll(key: string, keys: readonly string[], what: string): string {
  const near =
    suggestion(
      key,
      keys.filter((k) => !k.endsWith('.NAME')),
    ) ?? nearFlag(key);
  return `${near === undefined ? '' : `${near} `}${what}: ${keys.join(', ')}`;
}

/** `category_flag.finance` (a slip in the prefix): category_flags.finance, when the name may be shown. */
function nearFlag(key: string): string | undefined {
  const dot = key.indexOf('.');
  if (dot <= 0 || dot === key.length - 1) return undefined;
  const name = key.slice(dot + 1);
  if (suggestion(key.slice(0, dot), [FLAG.slice(0, -1)]) === undefined || !mayShowName(name, 'value'))
    return undefined;
  return `did you mean ${FLAG}${name}?`;
}

/**
 * One override: a known limit and a whole number (0 included: it stops all runs). The server
 * discards a negative, fractional or non-numeric value by removing that override, so such a value
 * is refused here, before any request, instead of silently undoing the setting it was meant to change.
 */
function overrideValue(key: string, text: string): number {
  if (!(QUOTA_KEYS as readonly string[]).includes(key)) {
    throw new ArgumentError('is not a quota limit', { hint: nearOrAll(key, QUOTA_KEYS, 'limits') });
  }
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    throw new ArgumentError('must be a whole number (0 or more)', {
      hint: `e.g. ${key}=${EXAMPLES[key as QuotaKey]}`,
    });
  }
  return n;
}

/** `org quota set`'s overrides, by limit name. */
export const quotaPairs = pairsArg(overrideValue, 'workflow_runs_per_hour=5000');

const BOOLEAN_FIELDS = [
  'require_approval_for_external_comm',
  'require_approval_for_public_writes',
  'require_approval_for_permission_changes',
  'allow_self_approval',
];
const FIELDS = [...BOOLEAN_FIELDS, 'approval_threshold', 'category_flags.NAME'];
const FLAG = 'category_flags.';

function parseBoolean(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new ArgumentError('must be true or false');
}

/** One governance value, typed by its field: true|false, a whole number, or a flag's true|false|unset. */
function governanceValue(key: string, text: string): boolean | number | null {
  if (BOOLEAN_FIELDS.includes(key)) return parseBoolean(text);
  if (key === 'approval_threshold') {
    if (!/^\d+$/.test(text)) throw new ArgumentError('must be a whole number');
    return Number(text);
  }
  if (key.startsWith(FLAG) && key.length > FLAG.length) return text === 'unset' ? null : parseBoolean(text);
  throw new ArgumentError('is not a governance setting', { hint: nearOrAll(key, FIELDS, 'settings') });
}

/** `org governance set`'s settings, by key (`category_flags.NAME` as given; governancePatch nests them). */
export const governancePairs = pairsArg(governanceValue, 'approval_threshold=2');

/** The PATCH body of typed governance settings: `category_flags.NAME` keys nest under category_flags. */
export function governancePatch(settings: Readonly<Record<string, boolean | number | null>>) {
  const body: Record<string, unknown> = {};
  const flags: Record<string, boolean | null> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key.startsWith(FLAG)) flags[key.slice(FLAG.length)] = value as boolean | null;
    else body[key] = value;
  }
  if (Object.keys(flags).length > 0) body.category_flags = flags;
  return body;
}
