import { analyzeConfig, type Analysis, type AnalyzeOptions } from '../core/analyze';
import { fixAll } from '../core/fixes/applyFixes';
import { buildGatewayModel, type GatewayModel } from '../core/gatewayModel';
import { msg, type Message } from '../core/messages';
import { fingerprint } from '../core/secretValues';
import { WriteRefusedError, writeFileAtomic, type WriteOps } from './atomicWrite';
import { readConfigFile } from './readConfigFile';
import { unifiedDiff } from './unifiedDiff';

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

/** Every secret value a config or environment holds, so printed diffs can show fingerprints instead. */
function secretsOf(model: GatewayModel | undefined, env: NodeJS.ProcessEnv): string[] {
  const values = new Set<string>();
  if (model) {
    for (const slot of Object.values(model.slots)) {
      if (slot.resolved.state === 'value' && slot.resolved.value !== '') values.add(slot.resolved.value);
      if (slot.spec.kind === 'literal' && slot.spec.raw.trim() !== '') values.add(slot.spec.raw.trim());
    }
  }
  for (const name of ['OPENCLAW_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_PASSWORD']) if (env[name]) values.add(String(env[name]).trim());
  return [...values].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length);
}

function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(`<${fingerprint(secret)}>`);
  return out;
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
    const model = (analysis: Analysis): GatewayModel | undefined => analysis.model ?? (analysis.doc.root ? buildGatewayModel(analysis.doc, { env: options.env, inContainer: options.inContainer ?? false }) : undefined);
    const secrets = [...new Set([...secretsOf(model(result.before), options.env), ...secretsOf(model(result.after), options.env)])];
    return { path, analysis: result.before, fixOutput: [scrubSecrets(unifiedDiff(path, read.text, result.text), secrets)], writeFailed: false };
  }
  try {
    writeFileAtomic(path, result.text, { expected: read.snapshot, bom: read.bom, ops: options.writeOps });
  } catch (error) {
    const line = error instanceof WriteRefusedError ? refusalSentence(path, error) : msg('{0}: not fixed, writing failed ({1}); the file is unchanged', path, (error as NodeJS.ErrnoException).code ?? String(error));
    return { path, analysis: result.before, fixOutput: [line], writeFailed: true };
  }
  return { path, analysis: result.after, fixOutput: result.applied.map((a) => msg('{0}: fixed {1}: {2}', path, a.code, a.title)), writeFailed: false };
}
