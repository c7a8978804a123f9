// The report format a file's name says: `.sarif` and SARIF's own second extension `.sarif.json`
// (SARIF 2.1.0 §3.2) are SARIF, another `.json` is the JSON report. One table for the inference
// (commands/security/index.ts) and the "not that format" warning (check.ts), so they cannot disagree.
// Small and import-free: the command's argv boundary loads it before any scan.

export type NamedFormat = 'sarif' | 'json';

/** The format `path`'s name says, or undefined when it names none. */
export function formatNamed(path: string | undefined): NamedFormat | undefined {
  const m = /\.(sarif)(?:\.json)?$|\.(json)$/i.exec(path ?? '');
  if (m === null) return undefined;
  return m[1] === undefined ? 'json' : 'sarif';
}
