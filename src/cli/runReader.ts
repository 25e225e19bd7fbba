import { resolve } from 'node:path';
import { diskReader, type ReadResult, type SourceReader } from '../core/effective/sourceReader';
import type { FileSnapshot } from './atomicWrite';
import { readConfigFile, type ReadOutcome } from './readConfigFile';

/**
 * The disk as one CLI run sees it: every file (the config, its includes, the `.env` files, the
 * `--gateway-env-file`) is read once, and that read is what the analysis, the fixes and the write
 * all use. A fix may rewrite a file only if it still holds exactly the bytes the analysis saw, so
 * each read keeps its snapshot for writeFileAtomic.
 */
export interface RunReader extends SourceReader {
  /** The read of a file (the same one every time), with the reason when there is no text. */
  open(path: string): ReadOutcome;
  /** What the file held when it was read, for the write; undefined when it cannot be rewritten. */
  writable(path: string): { text: string; bom: boolean; snapshot: FileSnapshot } | undefined;
  /** After a write: the next analysis reads the file anew. */
  forget(path: string): void;
}

export function runReader(): RunReader {
  const reads = new Map<string, ReadOutcome>();
  const open = (path: string): ReadOutcome => {
    const key = resolve(path);
    let outcome = reads.get(key);
    if (!outcome) {
      outcome = readConfigFile(path);
      reads.set(key, outcome);
    }
    return outcome;
  };
  const read = (path: string): ReadResult => {
    const outcome = open(path);
    if (outcome.ok) return { state: 'ok', text: outcome.text };
    if (outcome.kind === 'missing') return { state: 'missing' };
    // Not UTF-8: OpenClaw still reads it (lossily, as Node decodes), so the analysis does too;
    // without valid text it is never written back.
    if (outcome.kind === 'encoding') return { state: 'ok', text: outcome.bytes.toString('utf8') };
    return { state: 'unreadable' };
  };
  // Own properties, not methods: the fixer spreads a reader to lay its edits over it.
  return {
    read,
    realpath: (path) => diskReader.realpath?.(path),
    inspect: (path) => diskReader.inspect?.(path),
    list: (dir) => diskReader.list?.(dir),
    mtime: (path) => diskReader.mtime?.(path),
    open,
    writable: (path) => {
      const outcome = reads.get(resolve(path));
      return outcome?.ok ? { text: outcome.text, bom: outcome.bom, snapshot: outcome.snapshot } : undefined;
    },
    forget: (path) => {
      reads.delete(resolve(path));
    },
  };
}
