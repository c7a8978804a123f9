/**
 * "Did you mean …?": the candidate nearest to a mistyped word by edit distance. Written here
 * because commander keeps its own suggester private (not in its package exports), and twenty
 * lines over a few short words do not justify a dependency and its supply chain.
 */

/**
 * Edit distance with a swap of two neighbours as one edit (optimal string alignment): `sarfi` is
 * one slip from `sarif`, `bahs` from `bash`, as a person types them, not two.
 */
export function editDistance(a: string, b: string): number {
  // Three rows of memory: a swap looks two rows back.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let d = Math.min(substitute, (previous[j] as number) + 1, (current[j - 1] as number) + 1);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      current[j] = d;
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidate nearest to `word` (case ignored), or undefined when none is near enough to be a
 * typo of it: at most a third of its length away, and never more than 3 edits.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const typed = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(typed, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
