// File names are bytes. Read as JavaScript strings, a name that is not valid UTF-8 decodes lossily
// (0xFF becomes U+FFFD), and opening the decoded string opens another file, or none: `wf\xff.yaml`
// was reported as scanned while `wf\u{FFFD}.yaml`, a look-alike, was read in its place. So the walk
// reads directory entries as Buffers; a name that round-trips is used as the string it is, and one
// that does not is opened by its bytes. Every path is shown in one injective form: a byte that is
// not UTF-8 as `\xNN` and a backslash as `\\`. Without the second, the byte 0xFF and a real file
// named `wf\xff.yaml` (a backslash, `x`, `f`, `f`) were one path in every report and one baseline
// entry, so the baseline accepted for one silenced the other.

/** A directory entry: the name to match, and whether that string is the name exactly. */
export interface EntryName {
  /** The name decoded (lossy when not exact): for .gitignore matching and classification. */
  text: string;
  exact: boolean;
}

export function entryName(raw: Buffer): EntryName {
  const text = raw.toString('utf8');
  return { text, exact: Buffer.from(text, 'utf8').equals(raw) };
}

/** Sequence length of a UTF-8 lead byte, 0 when it cannot lead one. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** A path's bytes in two forms, and where each offset of the first is in the second. */
export interface PathForms {
  /** What the rules read: valid UTF-8 as text, each other byte as U+FFFD (never a word character). */
  plain: string;
  /** What reports show: the valid UTF-8 as text, a backslash as `\\`, each other byte as `\xNN`. */
  shown: string;
  /** `shown` offset of each `plain` offset (and of its end). */
  at: number[];
}

export function pathForms(raw: Buffer): PathForms {
  let plain = '';
  let shown = '';
  const at: number[] = [];
  const put = (p: string, s: string) => {
    for (let k = 0; k < p.length; k++) at.push(shown.length);
    plain += p;
    shown += s;
  };
  for (let i = 0; i < raw.length; ) {
    const n = sequenceLength(raw[i] as number);
    const piece = n === 0 ? undefined : raw.subarray(i, i + n);
    const text = piece?.length === n ? piece.toString('utf8') : undefined;
    // Overlong forms, surrogates and cut sequences do not round-trip.
    if (piece && text !== undefined && Buffer.from(text, 'utf8').equals(piece)) {
      put(text, text === '\\' ? '\\\\' : text);
      i += n;
    } else {
      put('\u{FFFD}', `\\x${(raw[i] as number).toString(16).padStart(2, '0')}`);
      i++;
    }
  }
  at.push(shown.length);
  return { plain, shown, at };
}

/** The bytes a shown path stands for: `\\` and `\xNN` undone (what a SARIF URI percent-encodes). */
export function shownBytes(shown: string): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of shown.matchAll(/\\(?:\\|x([0-9a-f]{2}))/g)) {
    parts.push(Buffer.from(shown.slice(last, m.index), 'utf8'));
    parts.push(m[1] === undefined ? Buffer.from('\\') : Buffer.from([Number.parseInt(m[1], 16)]));
    last = m.index + m[0].length;
  }
  parts.push(Buffer.from(shown.slice(last), 'utf8'));
  return Buffer.concat(parts);
}
