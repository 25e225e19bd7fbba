/** A small unified diff of two texts (whole-file hunks with 3 lines of context). */
export function unifiedDiff(path: string, before: string, after: string): string {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  // Longest common subsequence on lines: configs are small, so the quadratic table is fine.
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Array<{ kind: ' ' | '-' | '+'; text: string; ai: number; bi: number }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', text: a[i++], ai: i, bi: ++j });
    else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) ops.push({ kind: '+', text: b[j++], ai: i, bi: j });
    else ops.push({ kind: '-', text: a[i++], ai: i, bi: j });
  }
  const out = [`--- ${path}`, `+++ ${path} (fixed)`];
  const context = 3;
  let k = 0;
  while (k < ops.length) {
    if (ops[k].kind === ' ') {
      k++;
      continue;
    }
    let start = Math.max(0, k - context);
    let end = k;
    while (end < ops.length) {
      if (ops[end].kind !== ' ') {
        end++;
        continue;
      }
      let run = 0;
      while (end + run < ops.length && ops[end + run].kind === ' ') run++;
      if (end + run >= ops.length || run > context * 2) {
        end = Math.min(ops.length, end + context);
        break;
      }
      end += run;
    }
    const hunk = ops.slice(start, end);
    const aStart = hunk.find((o) => o.kind !== '+')?.ai ?? 0;
    const bStart = hunk.find((o) => o.kind !== '-')?.bi ?? 0;
    out.push(`@@ -${aStart},${hunk.filter((o) => o.kind !== '+').length} +${bStart},${hunk.filter((o) => o.kind !== '-').length} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.text}`);
    k = end;
    start = end;
  }
  return out.join('\n');
}
