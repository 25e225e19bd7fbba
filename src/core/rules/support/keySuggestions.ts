/**
 * Edit distance counting a swap of two neighbours as one edit ("tokne" -> "token"). Three rolling
 * rows instead of a table: it runs once per unknown key and known key, so a file with a million
 * unknown keys must not allocate a million tables.
 */
export function editDistance(a: string, b: string): number {
  let before = new Uint32Array(b.length + 1);
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2] + 1);
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}

/** The known key a typo most likely meant; none when every candidate is too far away to be a typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const limit = key.length <= 3 ? 1 : key.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of known) {
    // The length difference is a lower bound of the distance: skip the table when it is already too far.
    if (Math.abs(candidate.length - key.length) > limit) continue;
    const score = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return bestScore <= limit ? best : undefined;
}
