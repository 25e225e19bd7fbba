import type { ConfigDocument } from '../configDocument';
import { msg, type Message } from '../messages';
import { isConfigured, type SecretKind, type SecretPath, type SecretSlot } from '../gatewayModel';
import { fingerprint } from '../secretValues';
import type { FixContext, FixProposal } from './fixTypes';
import { setValuesWhereTheyLive, setValueWhereItLives } from './sourceEdits';
import { sourceOf, stringLiteral, type TextEdit } from './textEdits';

/**
 * Fixes shared by the secret rules. A secret that comes from an environment variable or a
 * SecretRef is never overwritten: replacing a reference with a literal is a decision for the
 * user, not a quick fix.
 */

export function pathKeys(path: SecretPath): string[] {
  return path.split('.');
}

export function isReference(slot: SecretSlot): boolean {
  return slot.spec.kind === 'env-shorthand' || slot.spec.kind === 'secret-ref' || (slot.spec.kind === 'literal' && slot.spec.envParts.length > 0);
}

/** The text to write so `to` holds exactly what `from` holds (the same reference, or the same literal). */
function copyText(from: SecretSlot, to: SecretSlot, target: ConfigDocument): string | undefined {
  if (!from.node || !from.source || from.spec.kind === 'invalid' || from.spec.kind === 'absent') return undefined;
  if (from.spec.kind === 'literal' && from.spec.envParts.length === 0) return stringLiteral(target, from.spec.raw, to.node);
  return sourceOf(from.source.doc, from.node);
}

export function copySecret<FixId extends string>(ctx: FixContext, fromPath: SecretPath, toPath: SecretPath, options: { fixId: FixId; safe: boolean; preferred?: boolean }): FixProposal<FixId> | undefined {
  if (ctx.onlySafe && !options.safe) return undefined;
  const from = ctx.model.slots[fromPath];
  const to = ctx.model.slots[toPath];
  if (isConfigured(to) && isReference(to)) return undefined;
  if (copyText(from, to, ctx.doc) === undefined) return undefined;
  const edits = setValueWhereItLives(ctx.model, ctx.doc, pathKeys(toPath), (doc) => copyText(from, to, doc) ?? '');
  if (!edits) return undefined;
  const shown = from.resolved.state === 'value' ? fingerprint(from.resolved.value) : msg('the same reference');
  return {
    fixId: options.fixId,
    title: isConfigured(to) ? msg('Set {0} to the value of {1} ({2})', toPath, fromPath, shown) : msg('Add {0} with the value of {1} ({2})', toPath, fromPath, shown),
    isPreferred: options.preferred,
    safe: options.safe,
    edits,
  };
}

/** Writes one new secret to gateway.auth.<kind> and gateway.remote.<kind> together. */
export function generateForBoth<FixId extends string>(ctx: FixContext, kind: SecretKind, options: { fixId: FixId; preferred?: boolean; title?: Message }): FixProposal<FixId> | undefined {
  // A new secret is never a safe fix.
  if (ctx.onlySafe) return undefined;
  const paths: SecretPath[] = kind === 'token' ? ['gateway.auth.token', 'gateway.remote.token'] : ['gateway.auth.password', 'gateway.remote.password'];
  if (paths.some((p) => isConfigured(ctx.model.slots[p]) && isReference(ctx.model.slots[p]))) return undefined;
  const secret = ctx.generateToken();
  const edits = setValuesWhereTheyLive(
    ctx.model,
    ctx.doc,
    paths.map((path) => ({ keys: pathKeys(path), valueText: (doc: ConfigDocument) => stringLiteral(doc, secret, ctx.model.slots[path].node) })),
  );
  if (!edits) return undefined;
  return {
    fixId: options.fixId,
    title: options.title ?? msg('Generate a new strong {0} for gateway.auth.{0} and gateway.remote.{0}', kind),
    isPreferred: options.preferred,
    safe: false,
    generatesSecret: true,
    edits,
  };
}

/**
 * Replaces a value with a plain text edit, in the file where it lives (helper for single-value
 * fixes); `valueText` may depend on the target document's quoting style.
 */
export function replaceWith<FixId extends string>(
  ctx: FixContext,
  path: readonly string[],
  valueText: string | ((doc: ConfigDocument) => string),
  options: { fixId: FixId; title: Message; safe: boolean; preferred?: boolean },
): FixProposal<FixId> | undefined {
  if (ctx.onlySafe && !options.safe) return undefined;
  const edits: TextEdit[] | undefined = setValueWhereItLives(ctx.model, ctx.doc, path, typeof valueText === 'string' ? () => valueText : valueText);
  return edits ? { fixId: options.fixId, title: options.title, safe: options.safe, isPreferred: options.preferred ?? false, edits } : undefined;
}

export function present<FixId extends string>(...proposals: Array<FixProposal<FixId> | undefined>): Array<FixProposal<FixId>> {
  return proposals.filter((p): p is FixProposal<FixId> => p !== undefined);
}
