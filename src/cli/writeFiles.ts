import { assertReplaceable, realWriteOps, snapshotNow, writeFileAtomic, type FileSnapshot, type WriteOps } from './atomicWrite';

/** One file of a fix: what it held when read (the snapshot) and what it is to hold. */
export interface PlannedWrite {
  path: string;
  content: string;
  expected: FileSnapshot;
  bom: boolean;
}

export type WriteOutcome =
  | { path: string; state: 'written' }
  /** This file was refused or failed; it is unchanged. */
  | { path: string; state: 'failed'; error: unknown }
  /** Another file failed first; this one was not touched. */
  | { path: string; state: 'skipped'; because: string }
  /** Written, then put back as it was because a later file failed. */
  | { path: string; state: 'restored'; because: string }
  /** Written, and putting it back failed: it holds the fixed text while `because` does not. */
  | { path: string; state: 'not-restored'; because: string; error: unknown };

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function bytesOf(content: string, bom: boolean): Buffer {
  return bom ? Buffer.concat([UTF8_BOM, Buffer.from(content, 'utf8')]) : Buffer.from(content, 'utf8');
}

/** Puts a file we just wrote back to the bytes it had, unless someone changed it since. */
function restore(write: PlannedWrite, ops: WriteOps): void {
  const real = ops.realpath(write.path);
  const now = snapshotNow(real, ops);
  if (!now.bytes.equals(bytesOf(write.content, write.bom))) throw new Error('changed since it was written');
  const original = (write.bom ? write.expected.bytes.subarray(UTF8_BOM.length) : write.expected.bytes).toString('utf8');
  writeFileAtomic(write.path, original, { expected: now, bom: write.bom, ops });
}

/**
 * Writes several files that belong together (one fix may edit the config and a file it includes):
 * all of them or none. Every file is checked first (read-only, hard links, changed on disk), so a
 * refusal usually comes before anything is written; a failure after some files were written puts
 * those back as they were. Each single write is writeFileAtomic's, with its guarantees.
 */
export function writeFilesTogether(writes: readonly PlannedWrite[], ops: WriteOps = realWriteOps): WriteOutcome[] {
  const refusals = new Map<string, unknown>();
  for (const write of writes) {
    try {
      assertReplaceable(write.path, write.expected, ops);
    } catch (error) {
      refusals.set(write.path, error);
    }
  }
  if (refusals.size > 0) {
    const first = [...refusals.keys()][0];
    return writes.map((w) => (refusals.has(w.path) ? { path: w.path, state: 'failed', error: refusals.get(w.path) } : { path: w.path, state: 'skipped', because: first }));
  }
  const outcomes: WriteOutcome[] = [];
  for (let k = 0; k < writes.length; k++) {
    const write = writes[k];
    try {
      writeFileAtomic(write.path, write.content, { expected: write.expected, bom: write.bom, ops });
      outcomes.push({ path: write.path, state: 'written' });
    } catch (error) {
      // Latest first: each file goes back in the reverse order it was changed.
      const undone: WriteOutcome[] = [];
      for (let j = k - 1; j >= 0; j--) {
        try {
          restore(writes[j], ops);
          undone.unshift({ path: writes[j].path, state: 'restored', because: write.path });
        } catch (restoreError) {
          undone.unshift({ path: writes[j].path, state: 'not-restored', because: write.path, error: restoreError });
        }
      }
      return [
        ...undone,
        { path: write.path, state: 'failed', error },
        ...writes.slice(k + 1).map((w): WriteOutcome => ({ path: w.path, state: 'skipped', because: write.path })),
      ];
    }
  }
  return outcomes;
}
