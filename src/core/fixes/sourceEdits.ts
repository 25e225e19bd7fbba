import type { ConfigDocument } from '../configDocument';
import { leafAt, mergedAt, placedOf } from '../effective/configSources';
import type { GatewayModel } from '../gatewayModel';
import { composeSteps, setValueAtPath, type EditStep, type TextEdit } from './textEdits';

/**
 * Edits in the file where a setting lives. With `$include`, `gateway.auth.token` may sit in an
 * included file: the cure belongs there, at the path relative to where that file is mounted. A
 * setting that exists nowhere is added to the config itself, where a sibling key overrides any
 * included content (OpenClaw merges siblings over includes).
 */

export interface EditTarget {
  doc: ConfigDocument;
  /** Undefined for the config itself. */
  file?: string;
  /** The keys inside `doc`. */
  keys: string[];
}

/** The document and relative keys where the value at `keys` (merged-config path) is written. */
export function targetFor(model: GatewayModel, mainDoc: ConfigDocument, keys: readonly string[]): EditTarget {
  const placed = leafAt(model.effective.assembled.root, keys) ?? placedOf(mergedAt(model.effective.assembled.root, keys));
  const source = placed?.source;
  if (source?.kind === 'include' && source.doc.root && keys.slice(0, source.mount.length).every((k, i) => k === source.mount[i])) {
    return { doc: source.doc, file: source.path, keys: keys.slice(source.mount.length) };
  }
  return { doc: mainDoc, keys: [...keys] };
}

export function tagged(edits: readonly TextEdit[], file: string | undefined): TextEdit[] {
  return file === undefined ? [...edits] : edits.map((e) => ({ ...e, file }));
}

/** Sets a value where it lives; `valueText` gets the target document for its quoting style. */
export function setValueWhereItLives(model: GatewayModel, mainDoc: ConfigDocument, keys: readonly string[], valueText: (doc: ConfigDocument) => string): TextEdit[] | undefined {
  const target = targetFor(model, mainDoc, keys);
  const edits = setValueAtPath(target.doc, target.keys, valueText(target.doc));
  return edits ? tagged(edits, target.file) : undefined;
}

/**
 * Several values set together, possibly across files: steps for one file are composed on that
 * file (each re-parsed), and the whole fix is abandoned when any step cannot apply.
 */
export function setValuesWhereTheyLive(
  model: GatewayModel,
  mainDoc: ConfigDocument,
  writes: ReadonlyArray<{ keys: readonly string[]; valueText: (doc: ConfigDocument) => string }>,
): TextEdit[] | undefined {
  const groups = new Map<string | undefined, { doc: ConfigDocument; steps: EditStep[] }>();
  for (const write of writes) {
    const target = targetFor(model, mainDoc, write.keys);
    const group = groups.get(target.file) ?? { doc: target.doc, steps: [] };
    group.steps.push((doc) => setValueAtPath(doc, target.keys, write.valueText(doc)) ?? []);
    groups.set(target.file, group);
  }
  const out: TextEdit[] = [];
  for (const [file, group] of groups) {
    const edits = composeSteps(group.doc, group.steps);
    if (!edits) return undefined;
    out.push(...tagged(edits, file));
  }
  return out;
}

