// Whether a file is one this check wrote (a baseline, a `--json` report, a SARIF log): such a file
// is read as every .json file is, but not listed as a skipped input (engine.ts); it is still read by
// the credential rules, since anyone can write a file of that shape (engine.ts, H14a-11).

/** What this check writes first: a baseline's `"tool"`, a JSON report's or SARIF's tool `"name"`. */
const OWN_HEAD = /^\s*\{[\s\S]{0,400}?"(?:tool|name)"\s*:\s*"fibonacci security check"/;

/**
 * Whether a JSON file that is no workflow definition is one this check wrote: a baseline (the
 * default `.fibonacci-baseline.json` too), a `--json` report or a SARIF log. Not listed as skipped:
 * it was read as every .json file is, and "Skipped .fibonacci-baseline.json (not a workflow
 * definition)" in every run was noise; writing it again (`--write-baseline` in place) is no
 * overwrite of a file the check reads. A workflow holding those words is still a workflow.
 */
export function writtenByTheCheck(text: string): boolean {
  // The head is the cheap test; the shape is the proof. A prefix alone hid any file starting with
  // the words (`{"name": "fibonacci security check", "token": …}`, or text that is not JSON at all)
  // from the skipped and unreadable lists.
  if (!OWN_HEAD.test(text.slice(0, 512))) return false;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return false;
  }
  return isOwnDocument(data);
}

const OWN_NAME = 'fibonacci security check';
type Loose = Record<string, unknown> | undefined;
const obj = (v: unknown): Loose =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** A baseline, a `--json` report or a SARIF log of this check, by the fields each one has. */
function isOwnDocument(data: unknown): boolean {
  const d = obj(data);
  if (d === undefined) return false;
  const baseline = d.tool === OWN_NAME && typeof d.version === 'number' && Array.isArray(d.findings);
  const report = obj(d.tool)?.name === OWN_NAME && Array.isArray(d.findings) && obj(d.totals) !== undefined;
  const runs = Array.isArray(d.runs) ? (d.runs as unknown[]) : [];
  const sarif =
    d.version === '2.1.0' &&
    runs.length > 0 &&
    runs.every((r) => obj(obj(obj(r)?.tool)?.driver)?.name === OWN_NAME);
  return baseline || report || sarif;
}
