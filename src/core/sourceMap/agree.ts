import { setDotenvValue } from '../effective/dotenvEdits';
import { parseDotenvFile, type DotenvDocument } from '../effective/dotenvFile';
import { applyTextEdits, composeSteps, diffAsEdit, setStringAtPath, type EditStep, type TextEdit } from '../fixes/textEdits';
import { msg, type Message } from '../messages';
import { fingerprint } from '../secretValues';
import { secretKindName, type SecretSourceEntry, type SecretSourceMap, type SourceEditor } from './sourceMap';

/**
 * "Make every source agree with …": the value to write is the effective secret or the value of any
 * listed place, chosen by fingerprint; every place that holds another value is set to it, in one set
 * of edits (one per file: places of one file compose). Places that cannot be edited (the process
 * environment, the running gateway, a reference) are named with what to do instead, and the plan
 * says which processes must restart to take the new value.
 */

export interface AgreeTarget {
  /** 'effective', or the id of the entry whose value is the target. */
  id: string;
  fingerprint: string;
  /** Where the value is (never the value). */
  label: Message;
  effective: boolean;
}

export interface AgreePlan {
  /** Every edit, each with its `file`; at most one per file. */
  edits: TextEdit[];
  /** The places the edits change. */
  changed: SecretSourceEntry[];
  /** Places that hold another value but are not edited, and why. */
  notChanged: Array<{ entry: SecretSourceEntry; reason: Message }>;
  /** What must restart (or be done by hand) for the new value to be used. */
  afterwards: Message[];
  /** The text each edited file held when the edits were made (when known): apply only onto that. */
  basis: Map<string, string>;
}

export const EFFECTIVE_TARGET = 'effective';

/** The values to choose from: the effective secret first, then each other value once, by fingerprint. */
export function agreeTargets(map: SecretSourceMap): AgreeTarget[] {
  const out: AgreeTarget[] = [];
  const seen = new Set<string>();
  if (map.effective.fingerprint) {
    out.push({ id: EFFECTIVE_TARGET, fingerprint: map.effective.fingerprint, label: map.effective.label ?? msg('the effective {0}', secretKindName(map.kind)), effective: true });
    seen.add(map.effective.fingerprint);
  }
  for (const entry of map.entries) {
    if (!entry.fingerprint || seen.has(entry.fingerprint) || map.secretOf(entry.id) === undefined) continue;
    seen.add(entry.fingerprint);
    out.push({ id: entry.id, fingerprint: entry.fingerprint, label: msg('{0} ({1})', entry.name, entry.label), effective: false });
  }
  return out;
}

function targetValue(map: SecretSourceMap, id: string): string | undefined {
  return id === EFFECTIVE_TARGET ? map.effectiveSecret() : map.secretOf(id);
}

interface FileGroup {
  editors: SourceEditor[];
  entries: SecretSourceEntry[];
}

/** One file's places set to `value`, as one edit of that file; undefined when any of them cannot be written. */
function editFile(group: FileGroup, value: string): TextEdit[] | undefined {
  const first = group.editors[0];
  if (first.kind === 'json') {
    const steps: EditStep[] = group.editors.map((editor) => (doc) => (editor.kind === 'json' ? (setStringAtPath(doc, editor.keys, value) ?? []) : []));
    return composeSteps(first.doc, steps);
  }
  if (first.kind === 'dotenv') {
    let doc: DotenvDocument = first.doc;
    for (const key of new Set(group.editors.map((editor) => (editor.kind === 'dotenv' ? editor.key : '')))) {
      const edits = setDotenvValue(doc, key, value);
      if (!edits) return undefined;
      doc = parseDotenvFile(applyTextEdits(doc.text, edits));
    }
    const edit = diffAsEdit(first.doc.text, doc.text);
    return edit ? [edit] : [];
  }
  const out: TextEdit[] = [];
  const done = new Set<string>();
  for (const editor of group.editors) {
    if (editor.kind !== 'external' || done.has(editor.group)) continue;
    done.add(editor.group);
    const edits = editor.apply(value);
    if (!edits) return undefined;
    out.push(...edits);
  }
  return out;
}

/** The edits that make every editable place hold the target's value; undefined for an unknown target. */
export function planAgreement(map: SecretSourceMap, targetId: string): AgreePlan | undefined {
  const value = targetValue(map, targetId);
  if (value === undefined) return undefined;
  const groups = new Map<string, FileGroup>();
  const notChanged: AgreePlan['notChanged'] = [];
  for (const entry of map.entries) {
    if (entry.kind === 'last-check') {
      if (entry.fingerprint !== fingerprint(value)) notChanged.push({ entry, reason: entry.notEditable ?? msg('it cannot be edited') });
      continue;
    }
    const current = map.secretOf(entry.id);
    if (current === undefined || current === value) continue;
    if (!entry.editor) {
      notChanged.push({ entry, reason: entry.notEditable ?? msg('it cannot be edited') });
      continue;
    }
    // json and dotenv places of one file never mix: a file is one or the other.
    const key = `${entry.editor.kind}\n${entry.editor.file}`;
    const group = groups.get(key) ?? { editors: [], entries: [] };
    group.editors.push(entry.editor);
    group.entries.push(entry);
    groups.set(key, group);
  }
  const edits: TextEdit[] = [];
  const changed: SecretSourceEntry[] = [];
  const basis = new Map<string, string>();
  for (const group of groups.values()) {
    const fileEdits = editFile(group, value);
    if (!fileEdits) {
      for (const entry of group.entries) notChanged.push({ entry, reason: msg('the value cannot be written there so that OpenClaw reads it back unchanged') });
      continue;
    }
    const first = group.editors[0];
    const file = first.file;
    if (first.kind !== 'external') basis.set(file, first.doc.text);
    else if (first.text !== undefined) basis.set(file, first.text);
    edits.push(...fileEdits.map((edit) => ({ ...edit, file: edit.file ?? file })));
    changed.push(...group.entries);
  }
  return { edits, changed, notChanged, afterwards: afterwards(changed, notChanged), basis };
}

/** What must happen after the edits for the value to be used, by who takes it from the changed places. */
function afterwards(changed: readonly SecretSourceEntry[], notChanged: AgreePlan['notChanged']): Message[] {
  const out: Message[] = [];
  // The gateway's own place changed, or the running gateway accepts another value than the target.
  if (changed.some((e) => e.readers.includes('gateway')) || notChanged.some((n) => n.entry.kind === 'last-check')) {
    out.push(msg('Restart the gateway so it takes the new value: `openclaw gateway restart`.'));
  }
  if (changed.some((e) => e.kind === 'systemd-unit' || e.kind === 'systemd-env-file')) {
    out.push(msg('Reload and restart the service: `systemctl --user daemon-reload && systemctl --user restart openclaw-gateway.service`.'));
  }
  if (changed.some((e) => e.kind === 'launchd-plist' || e.kind === 'service-env-file')) {
    out.push(msg('Reload the launchd agent: `launchctl bootout gui/$UID/ai.openclaw.gateway` then `launchctl bootstrap gui/$UID ~/Library/LaunchAgents/ai.openclaw.gateway.plist`.'));
  }
  if (changed.some((e) => e.kind === 'shell-profile')) out.push(msg('Open a new shell (or source the profile): running shells keep the old value.'));
  if (changed.some((e) => e.readers.includes('cli') || e.readers.includes('remote-clients'))) out.push(msg('The OpenClaw CLI takes the new value on its next run.'));
  return out;
}
