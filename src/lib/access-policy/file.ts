import type { Loc, Problem } from './validate.js';

// fibonacci.yaml holds more than the access policy: the API's document is its `access_control`
// block and its `security.network` block, which the API carries as top-level `network`. One place
// maps between the two, both ways, so that a problem (found here or in a server's 422) points at
// the line of the file it came from.

/** The top-level blocks of fibonacci.yaml this CLI knows; any other is named in a warning. */
export const KNOWN_BLOCKS = ['access_control', 'security', 'workflows', 'compliance'] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a parsed fibonacci.yaml gives `access apply`. */
export interface PolicyFromFile {
  /** The API's document: only the blocks the file has. Undefined when the file cannot give one. */
  document: Json | undefined;
  /** Problems of the file's shape itself (not a mapping, `security` not a mapping), at file locs. */
  problems: Problem[];
  /** Top-level keys this CLI does not know (left alone; the caller warns). */
  unknownKeys: string[];
}

/** The API's policy document in a parsed fibonacci.yaml, the file's own other blocks left out. */
export function policyFromFile(doc: unknown): PolicyFromFile {
  if (!isObject(doc)) {
    const msg = 'fibonacci.yaml must be a mapping with access_control and security.network';
    return { document: undefined, problems: [{ loc: [], msg, type: 'value_error' }], unknownKeys: [] };
  }
  const unknownKeys = Object.keys(doc).filter((k) => !(KNOWN_BLOCKS as readonly string[]).includes(k));
  const document: Json = {};
  if (doc.access_control !== undefined) document.access_control = doc.access_control;
  const security = doc.security;
  if (security !== undefined && security !== null && !isObject(security)) {
    const problem = { loc: ['security'], msg: 'security must be a mapping', type: 'value_error' };
    return { document: undefined, problems: [problem], unknownKeys };
  }
  if (isObject(security) && security.network !== undefined) document.network = security.network;
  return { document, problems: [], unknownKeys };
}

/** An API loc (`network.ip_allowlist.0`) as the file's (`security.network.ip_allowlist.0`). */
export function fileLoc(loc: Loc): Loc {
  return loc[0] === 'network' ? ['security', ...loc] : loc;
}

/** A file loc as the API's: the reverse of fileLoc. */
export function apiLoc(loc: Loc): Loc {
  return loc[0] === 'security' && loc[1] === 'network' ? loc.slice(1) : loc;
}

/** A rule id the server names (`network.ip_blocklist."0.0.0.0/0"`) as the file spells its place. */
export function fileRuleId(id: string): string {
  return id.startsWith('network.') ? `security.${id}` : id;
}
