/** Edit distance between two short words (Levenshtein). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known word closest to `word` (a typo or a prefix), or undefined when none is close. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: { w: string; d: number } | undefined;
  for (const w of known) {
    const d = w.startsWith(word) && word.length >= 3 ? 0.5 : distance(word, w);
    if (d <= Math.max(1, Math.floor(Math.max(word.length, w.length) * 0.4)) && (best === undefined || d < best.d)) best = { w, d };
  }
  return best?.w;
}
