// File names are bytes. Read as JavaScript strings, a name that is not valid UTF-8 decodes lossily
// (0xFF becomes U+FFFD), and opening the decoded string opens another file, or none: `wf\xff.yaml`
// was reported as scanned while `wf\u{FFFD}.yaml`, a look-alike, was read in its place. So the walk
// reads directory entries as Buffers; a name that round-trips is used as the string it is, and one
// that does not is opened by its bytes and shown with its bad bytes escaped (`wf\xff.yaml`).

/** A directory entry: the name to match and display, and whether the string is the name exactly. */
export interface EntryName {
  /** The name decoded (lossy when not exact): for .gitignore matching and classification. */
  text: string;
  /** The name as shown: `text` when exact, else every byte that is not UTF-8 as `\xNN`. */
  shown: string;
  exact: boolean;
}

export function entryName(raw: Buffer): EntryName {
  const text = raw.toString('utf8');
  const exact = Buffer.from(text, 'utf8').equals(raw);
  return { text, shown: exact ? text : escapeBytes(raw), exact };
}

/** Sequence length of a UTF-8 lead byte, 0 when it cannot lead one. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** The valid UTF-8 of `raw` as text, every other byte as `\xNN`. */
export function escapeBytes(raw: Buffer): string {
  let out = '';
  for (let i = 0; i < raw.length; ) {
    const n = sequenceLength(raw[i] as number);
    const piece = n === 0 ? undefined : raw.subarray(i, i + n);
    const text = piece?.length === n ? piece.toString('utf8') : undefined;
    // Overlong forms, surrogates and cut sequences do not round-trip.
    if (piece && text !== undefined && Buffer.from(text, 'utf8').equals(piece)) {
      out += text;
      i += n;
    } else {
      out += `\\x${(raw[i] as number).toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}
