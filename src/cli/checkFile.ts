import { analyzeConfig, type Analysis, type AnalyzeOptions } from '../core/analyze';
import { fixAll } from '../core/fixes/applyFixes';
import { msg, type Message } from '../core/messages';
import { knownSecrets } from '../core/probe/knownSecrets';
import { WriteRefusedError, writeFileAtomic, type WriteOps } from './atomicWrite';
import { readConfigFile } from './readConfigFile';
import { maskedFixDiff } from './fixDiff';

export type FixMode = 'none' | 'fix' | 'dry-run';

export interface FileCheck {
  path: string;
  /** Undefined when the file could not be read. */
  analysis?: Analysis;
  readError?: Message;
  /** What --fix did or --fix-dry-run would do: lines of text (a diff is one entry). */
  fixOutput: Array<Message | string>;
  writeFailed: boolean;
}

/** One sentence per reason the writer declined; in every case the file was left as it was. */
function refusalSentence(file: string, refusal: WriteRefusedError): Message {
  switch (refusal.code) {
    case 'READ_ONLY':
      return msg('{0}: not fixed: the file is read-only; the file is unchanged', file);
    case 'HARD_LINKED':
      return msg('{0}: not fixed: the file has {1} hard links and an atomic replace would split them; the file is unchanged', file, refusal.links ?? 2);
    case 'CHANGED_ON_DISK':
      return msg('{0}: not fixed: the file changed on disk since it was read; run again', file);
    case 'OWNER_NOT_KEPT':
      return msg('{0}: not fixed: the file belongs to another user and rewriting it would change its owner; the file is unchanged', file);
    case 'NOT_A_FILE':
      return msg('{0}: not fixed: it is not a regular file; the file is unchanged', file);
  }
}

/**
 * One file: read it, analyse it once, and with --fix / --fix-dry-run apply the safe fixes (the
 * fixer's own analyses are reused, so nothing is analysed twice).
 */
export function checkFile(path: string, mode: FixMode, options: AnalyzeOptions & { env: NodeJS.ProcessEnv; writeOps?: WriteOps }): FileCheck {
  const read = readConfigFile(path);
  if (!read.ok) return { path, readError: read.reason, fixOutput: [], writeFailed: false };
  if (mode === 'none') return { path, analysis: analyzeConfig(read.text, options), fixOutput: [], writeFailed: false };
  const result = fixAll(read.text, options);
  if (!result.before.doc.root) return { path, analysis: result.before, fixOutput: [msg('{0}: not fixed, the file does not parse', path)], writeFailed: false };
  if (result.text === read.text) return { path, analysis: result.before, fixOutput: [], writeFailed: false };
  if (mode === 'dry-run') {
    // Secrets of the file before and after the fix, and of the environment, in every spelling: the
    // diff masks them by place (secret-bearing keys) and, as a second net, by value.
    const secrets = new Set<string>();
    for (const analysis of [result.before, result.after]) for (const secret of knownSecrets(analysis.model, options.env, [analysis.model?.remoteUrl.value])) secrets.add(secret);
    const masked = [...secrets].filter((secret) => secret.length >= 4);
    return { path, analysis: result.before, fixOutput: [maskedFixDiff(path, read.text, result.text, masked)], writeFailed: false };
  }
  try {
    writeFileAtomic(path, result.text, { expected: read.snapshot, bom: read.bom, ops: options.writeOps });
  } catch (error) {
    const line = error instanceof WriteRefusedError ? refusalSentence(path, error) : msg('{0}: not fixed, writing failed ({1}); the file is unchanged', path, (error as NodeJS.ErrnoException).code ?? String(error));
    return { path, analysis: result.before, fixOutput: [line], writeFailed: true };
  }
  return { path, analysis: result.after, fixOutput: result.applied.map((a) => msg('{0}: fixed {1}: {2}', path, a.code, a.title)), writeFailed: false };
}
