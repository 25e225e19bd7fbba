import { resolve } from 'node:path';
import { analyzeConfig, type Analysis, type AnalyzeOptions } from '../core/analyze';
import { fixAll } from '../core/fixes/applyFixes';
import { msg, type Message } from '../core/messages';
import { knownSecrets } from '../core/probe/knownSecrets';
import { WriteRefusedError, type WriteOps } from './atomicWrite';
import { maskedFixDiff } from './fixDiff';
import type { RunReader } from './runReader';
import { writeFilesTogether, type PlannedWrite, type WriteOutcome } from './writeFiles';

export type FixMode = 'none' | 'fix' | 'dry-run';

export interface FileCheck {
  /** The config as named on the command line. */
  path: string;
  /** Undefined when the file could not be read. */
  analysis?: Analysis;
  readError?: Message;
  /** What --fix did or --fix-dry-run would do: lines of text (a diff is one entry). */
  fixOutput: Array<Message | string>;
  writeFailed: boolean;
}

export type CheckOptions = Omit<AnalyzeOptions, 'configPath' | 'reader'> & { reader: RunReader; writeOps?: WriteOps };

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

function failureSentence(file: string, error: unknown): Message {
  return error instanceof WriteRefusedError ? refusalSentence(file, error) : msg('{0}: not fixed, writing failed ({1}); the file is unchanged', file, errorCode(error));
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

function outcomeSentence(outcome: WriteOutcome, shown: (path: string) => string): Message | undefined {
  const file = shown(outcome.path);
  switch (outcome.state) {
    case 'written':
      return undefined;
    case 'failed':
      return failureSentence(file, outcome.error);
    case 'skipped':
      return msg('{0}: not fixed: its fixes go with those of {1}, which could not be written; the file is unchanged', file, shown(outcome.because));
    case 'restored':
      return msg('{0}: not fixed: {1} could not be written, so this file was put back as it was', file, shown(outcome.because));
    case 'not-restored':
      return msg('{0}: fixed, but {1} could not be written and putting this file back failed ({2}); check both files', file, shown(outcome.because), errorCode(outcome.error));
  }
}

/**
 * One config: read it, analyse it with everything it pulls in (includes, `.env` files), once, and
 * with --fix / --fix-dry-run apply the safe fixes in every file they touch (the fixer's own
 * analyses are reused, so nothing is analysed twice).
 */
export function checkFile(path: string, mode: FixMode, options: CheckOptions): FileCheck {
  const { reader, writeOps, ...rest } = options;
  const read = reader.open(path);
  if (!read.ok) return { path, readError: read.reason, fixOutput: [], writeFailed: false };
  const configPath = resolve(path);
  const analyzeOptions: AnalyzeOptions = { ...rest, configPath, reader };
  if (mode === 'none') return { path, analysis: analyzeConfig(read.text, analyzeOptions), fixOutput: [], writeFailed: false };
  const result = fixAll(read.text, analyzeOptions);
  if (!result.before.doc.root) return { path, analysis: result.before, fixOutput: [msg('{0}: not fixed, the file does not parse', path)], writeFailed: false };

  // The config first, then the other files in the order the analysis met them.
  const changes: Array<{ path: string; before: string; after: string }> = [];
  if (result.text !== read.text) changes.push({ path: configPath, before: read.text, after: result.text });
  const others = [...result.before.files.keys(), ...[...result.files.keys()].filter((p) => !result.before.files.has(p))];
  for (const file of others) {
    const after = result.files.get(file);
    const before = result.before.files.get(file)?.text;
    if (after !== undefined && before !== undefined && after !== before) changes.push({ path: file, before, after });
  }
  if (changes.length === 0) return { path, analysis: result.before, fixOutput: [], writeFailed: false };
  const shown = (file: string): string => (file === configPath ? path : file);

  if (mode === 'dry-run') {
    // Secrets of every file before and after the fix, and of the environment, in every spelling: the
    // diff masks them by place (secret-bearing keys) and, as a second net, by value.
    const secrets = new Set<string>();
    for (const analysis of [result.before, result.after]) for (const secret of knownSecrets(analysis.model, options.env, [analysis.model?.remoteUrl.value])) secrets.add(secret);
    const masked = [...secrets].filter((secret) => secret.length >= 4);
    const kindOf = (file: string): 'json' | 'dotenv' => (result.before.files.get(file)?.kind === 'dotenv' ? 'dotenv' : 'json');
    return { path, analysis: result.before, fixOutput: changes.map((c) => maskedFixDiff(shown(c.path), c.before, c.after, masked, kindOf(c.path))), writeFailed: false };
  }

  const planned: PlannedWrite[] = [];
  for (const change of changes) {
    const original = reader.writable(change.path);
    // A file read leniently (not UTF-8) was analysed but cannot be written back byte for byte.
    if (!original) {
      const read = reader.open(change.path);
      const why = read.ok ? msg('{0}: not fixed: the file changed on disk since it was read; run again', shown(change.path)) : msg('{0}: not fixed: {1}', shown(change.path), read.reason);
      const rest = changes.filter((c) => c !== change).map((c) => msg('{0}: not fixed: its fixes go with those of {1}, which could not be written; the file is unchanged', shown(c.path), shown(change.path)));
      return { path, analysis: result.before, fixOutput: [why, ...rest], writeFailed: true };
    }
    planned.push({ path: change.path, content: change.after, expected: original.snapshot, bom: original.bom });
  }
  /*
   * The config is written first. It is the file most likely to be edited while we run (it is the one
   * open in the editor), so the likeliest refusal comes before anything is written. And where a fix
   * spans files, what it adds lands in the config (a setting found nowhere is added there) while
   * the other files lose or change a value: if a later write is refused and putting the config back
   * fails too, a value is left twice, never lost. writeFilesTogether checks every file before the
   * first write and puts written files back when a later one fails.
   */
  const outcomes = writeFilesTogether(planned, writeOps);
  for (const outcome of outcomes) if (outcome.state === 'written' || outcome.state === 'not-restored') reader.forget(outcome.path);
  if (outcomes.some((o) => o.state !== 'written')) {
    return { path, analysis: result.before, fixOutput: outcomes.map((o) => outcomeSentence(o, shown)).filter((m): m is Message => m !== undefined), writeFailed: true };
  }
  return { path, analysis: result.after, fixOutput: result.applied.map((a) => msg('{0}: fixed {1}: {2}', shown(a.file ?? configPath), a.code, a.title)), writeFailed: false };
}
