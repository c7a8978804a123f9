const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Matches `30s`, `15m`, `2h`, `7d`, `1w` (one number, one unit). */
const DURATION = /^(\d{1,9})\s*([smhdw])$/;

/** Parse a duration like `30s`, `15m`, `2h`, `7d`, `1w` into seconds; null when it is not one. */
export function parseDurationSeconds(text: string): number | null {
  const m = DURATION.exec(text.trim().toLowerCase());
  if (!m) return null;
  return Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
}
