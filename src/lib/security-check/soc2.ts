// The control ids `compliance.soc2.controls` may name: the criteria of the AICPA's "2017 Trust
// Services Criteria for Security, Availability, Processing Integrity, Confidentiality, and Privacy
// (With Revised Points of Focus — 2022)" (TSP section 100), which SOC 2 reports are written against.
// CC1–CC9 are the common criteria (Security); A, C, PI and P are the additional categories.

const RANGES: ReadonlyArray<readonly [string, number]> = [
  ['CC1', 5], // control environment
  ['CC2', 3], // communication and information
  ['CC3', 4], // risk assessment
  ['CC4', 2], // monitoring activities
  ['CC5', 3], // control activities
  ['CC6', 8], // logical and physical access controls
  ['CC7', 5], // system operations
  ['CC8', 1], // change management
  ['CC9', 2], // risk mitigation
  ['A1', 3], // availability
  ['C1', 2], // confidentiality
  ['PI1', 5], // processing integrity
  ['P1', 1], // privacy: notice
  ['P2', 1], // choice and consent
  ['P3', 2], // collection
  ['P4', 3], // use, retention and disposal
  ['P5', 2], // access
  ['P6', 7], // disclosure and notification
  ['P7', 1], // quality
  ['P8', 1], // monitoring and enforcement
];

/** Every known control id (`CC6.1`, `A1.2`, …). */
export const SOC2_CONTROLS: ReadonlySet<string> = new Set(
  RANGES.flatMap(([group, count]) => Array.from({ length: count }, (_, i) => `${group}.${i + 1}`)),
);

/** The known id a near-miss was probably meant to be (`cc6.1` → `CC6.1`), if any. */
export function suggestControl(id: string): string | undefined {
  const upper = id.trim().toUpperCase().replace(/\s+/g, '');
  if (SOC2_CONTROLS.has(upper)) return upper;
  const group = /^([A-Z]+\d)/.exec(upper)?.[1];
  const first = group ? `${group}.1` : undefined;
  return first && SOC2_CONTROLS.has(first) ? first : undefined;
}
