import type { ConfigDocument } from '../configDocument';
import type { ConfigSource, Placed } from '../effective/configSources';
import { mergedAt } from '../effective/configSources';
import type { DotenvDocument, DotenvEntry } from '../effective/dotenvFile';
import { configEnvEntries, type DotenvSource, type EnvOrigin, type EnvironmentView } from '../effective/environmentLayers';
import type { TextEdit } from '../fixes/textEdits';
import {
  candidateCredentials,
  cliCredential,
  isConfigured,
  isRemoteMode,
  serverSecret,
  type CandidateCredential,
  type CredentialSource,
  type EnvSecretName,
  type GatewayModel,
  type SecretKind,
  type SecretPath,
  type SecretSlot,
} from '../gatewayModel';
import { findPropertyAtPath, keyOf, valueOf, type JsonNode } from '../jsonTree';
import { msg, type Message } from '../messages';
import { namingPlaces, shownPath, type NamingPlaces } from '../probe/credentialNames';
import type { Diagnosis } from '../probe/diagnose';
import { classifySecret, fingerprint, resolveSecret, type ResolvedSecret } from '../secretValues';

/**
 * The map of every place the gateway secret lives: the config's auth and remote slots (in the
 * config or an included file), every `.env` file OpenClaw reads, `env.vars`, the process
 * environment, what the running gateway accepted at the last check, and places found by others
 * (service units, shell profiles) handed in as data. Each place says who takes its secret from
 * there and whether it agrees with the effective secret. Values never leave this module except
 * through `secretOf`, for the one action that writes them; everything shown is a fingerprint.
 *
 * A new kind of place is one more function that returns `SourcePlace`s (see `collect*` below).
 */

/** Who takes their secret from a place. */
export type SourceReader =
  /** The running gateway accepted this value at the last check. */
  | 'gateway-now'
  /** The gateway this config describes, the next time it starts (local mode). */
  | 'gateway'
  /** The OpenClaw CLI (and other clients) on this machine, talking to its own gateway (local mode). */
  | 'cli'
  /** Clients on this machine talking to the remote gateway of gateway.remote.url (remote mode). */
  | 'remote-clients'
  /** The installed gateway service (systemd, launchd), after its next restart. */
  | 'service'
  /** Shells opened from now on, and whatever is started from them. */
  | 'new-shells';

export const READER_ORDER: readonly SourceReader[] = ['gateway-now', 'gateway', 'cli', 'remote-clients', 'service', 'new-shells'];

export type Agreement = 'same' | 'differs' | 'unset' | 'unknown';

export type ExternalSourceKind = 'systemd-unit' | 'systemd-env-file' | 'launchd-plist' | 'service-env-file' | 'shell-profile';

export type SourceKind = 'config' | 'include' | 'dotenv' | 'env.vars' | 'process' | 'last-check' | ExternalSourceKind;

/**
 * A place found outside OpenClaw's own files (a service unit, a shell profile): the shape the
 * service and profile readers produce. Only what the map needs is named here.
 */
export interface ExternalSecretSource {
  kind: ExternalSourceKind;
  path: string;
  /** Who reads it, when the reader knows better than the kind (else: service kinds → service, profiles → new shells). */
  readers?: readonly SourceReader[];
  /** The file's text as parsed: when given, the agree action edits only a file that still holds it. */
  text?: string;
  /** What else to know about every place in this file (a service of another config, a gateway not restarted since). */
  note?: Message;
  /** `line` is zero-based (as DotenvEntry's); offsets are UTF-16 offsets into the file's text. */
  assignments: ReadonlyArray<{ name: string; value: string; line: number; valueOffset: number; valueLength: number }>;
}

/** How a place is written to. Edits carry `file`; several places of one file compose into one edit. */
export type SourceEditor =
  /** A key path inside one JSON/JSON5 file (the config or an include). */
  | { kind: 'json'; file: string; doc: ConfigDocument; keys: readonly string[] }
  /** The assignment of `key` that dotenv keeps in one `.env` file. */
  | { kind: 'dotenv'; file: string; doc: DotenvDocument; key: string }
  /** A place another reader found, written by that reader's own function. */
  | { kind: 'external'; file: string; group: string; text?: string; apply: (value: string) => readonly TextEdit[] | undefined };

export interface SecretSourceEntry {
  /** Stable while the place stays where it is. */
  id: string;
  kind: SourceKind;
  /** Where: "openclaw.json:7", "~/.openclaw/.env:2", "process environment of the editor". */
  label: Message;
  /** The variable or key path: gateway.auth.token, env.vars.OPENCLAW_GATEWAY_TOKEN, OPENCLAW_GATEWAY_TOKEN. */
  name: string;
  /** Of the value this place holds; absent when it holds none or it cannot be read here. */
  fingerprint?: string;
  readers: SourceReader[];
  agreement: Agreement;
  /** Why nobody takes the value from here, or what else to know (a reference, a shadowing place). */
  note?: Message;
  /** The place to open, when it is in a file. */
  location?: { file: string; offset: number; length: number };
  /** How to set it; absent when it cannot be edited (then `notEditable` says why). */
  editor?: SourceEditor;
  notEditable?: Message;
}

export interface SecretSourceMap {
  kind: SecretKind;
  mode: 'local' | 'remote';
  /** The secret everything is compared with: the gateway's (local mode) or what clients here send (remote mode). */
  effective: { source?: CredentialSource; fingerprint?: string; state: ResolvedSecret['state']; label?: Message };
  entries: SecretSourceEntry[];
  /** The value of an entry, for the action that writes it; never shown. */
  secretOf(id: string): string | undefined;
  /** The effective value, for the action that writes it; never shown. */
  effectiveSecret(): string | undefined;
}

export interface AcceptedSecret {
  fingerprint: string;
  /** The probed URL as it may be shown (already redacted). */
  target: string;
  /** The credential that was sent and accepted. */
  source?: CredentialSource | null;
}

export interface SourceMapExtras<S extends ExternalSecretSource = ExternalSecretSource> {
  /** Whose process environment this is, for its label. */
  environment?: 'editor' | 'shell';
  /** What the running gateway accepted at the last check or diagnosis. */
  accepted?: AcceptedSecret;
  /** Places found by other readers, with the function that writes one of their assignments. */
  external?: { sources: readonly S[]; setValue?: (source: S, name: string, value: string) => readonly TextEdit[] | undefined };
}

/** A place before agreement and readers are filled in: what each collector returns. */
interface SourcePlace extends Omit<SecretSourceEntry, 'agreement' | 'readers' | 'fingerprint'> {
  /** The value as the reading process gets it, or why there is none. */
  value: ResolvedSecret;
  readers?: SourceReader[];
}

interface Context {
  model: GatewayModel;
  kind: SecretKind;
  envName: EnvSecretName;
  places: NamingPlaces;
  remote: boolean;
  server: ReturnType<typeof serverSecret>;
  cli: CandidateCredential | undefined;
  environment: 'editor' | 'shell';
}

const ENV_NAME: Record<SecretKind, EnvSecretName> = { token: 'OPENCLAW_GATEWAY_TOKEN', password: 'OPENCLAW_GATEWAY_PASSWORD' };
const SLOTS: Record<SecretKind, SecretPath[]> = { token: ['gateway.auth.token', 'gateway.remote.token'], password: ['gateway.auth.password', 'gateway.remote.password'] };

function lineOf(doc: { lines: { positionAt(offset: number): { line: number } } }, offset: number): number {
  return doc.lines.positionAt(offset).line + 1;
}

function fileLabel(file: string, line: number, kind: 'config' | 'dotenv', places: NamingPlaces): Message {
  return msg('{0}:{1}', shownPath(file, kind, places), line);
}

function valueResult(raw: string): ResolvedSecret {
  const value = raw.trim();
  return value === '' ? { state: 'absent' } : { state: 'value', value };
}

/** The keys of a merged path inside the file mounted at `mount`, or undefined when it is mounted elsewhere. */
function keysInFile(source: ConfigSource, keys: readonly string[]): string[] | undefined {
  const { mount } = source;
  if (mount.length > keys.length || mount.some((key, i) => keys[i] !== key)) return undefined;
  return keys.slice(mount.length);
}

function isReference(slot: SecretSlot): boolean {
  return slot.spec.kind === 'env-shorthand' || slot.spec.kind === 'secret-ref' || (slot.spec.kind === 'literal' && slot.spec.envParts.length > 0);
}

function referenceNote(slot: SecretSlot): Message | undefined {
  if (slot.spec.kind === 'env-shorthand') return msg('read from the variable {0}', slot.spec.variable);
  if (slot.spec.kind === 'secret-ref') return msg('a SecretRef (source "{0}")', slot.spec.source);
  if (slot.spec.kind === 'literal' && slot.spec.envParts.length > 0) return msg('read from the variable {0}', slot.spec.envParts.map((p) => p.variable).join(', '));
  return undefined;
}

function jsonPlace(ctx: Context, source: ConfigSource, node: JsonNode, property: JsonNode | undefined, name: string, keys: readonly string[], value: ResolvedSecret, reference: Message | undefined): SourcePlace {
  const relative = keysInFile(source, keys);
  const editable = reference === undefined && relative !== undefined && source.doc.root !== undefined && source.path !== '';
  return {
    id: `${source.kind}:${source.path}:${name}:${node.offset}`,
    kind: source.kind,
    label: source.path ? fileLabel(source.path, lineOf(source.doc, (property ?? node).offset), 'config', ctx.places) : msg('{0} (unsaved)', name),
    name,
    value,
    ...(reference ? { note: reference } : {}),
    ...(source.path ? { location: { file: source.path, offset: node.offset, length: node.length } } : {}),
    ...(editable && relative
      ? { editor: { kind: 'json' as const, file: source.path, doc: source.doc, keys: relative } }
      : { notEditable: reference ? msg('it refers to another place; set the value there') : msg('the file is not saved') }),
  };
}

/** gateway.auth.<kind> and gateway.remote.<kind> where the merge takes them, and values the merge replaced in other files. */
function collectConfigSlots(ctx: Context): SourcePlace[] {
  const out: SourcePlace[] = [];
  const { effective } = ctx.model;
  for (const path of SLOTS[ctx.kind]) {
    const slot = ctx.model.slots[path];
    const keys = path.split('.');
    if (isConfigured(slot) && slot.node && slot.source) {
      out.push(jsonPlace(ctx, slot.source, slot.node, slot.property, path, keys, slot.resolved, referenceNote(slot)));
    } else {
      out.push({ id: `unset:${path}`, kind: 'config', label: msg('not set'), name: path, value: { state: 'absent' }, notEditable: msg('it is not set; the action changes only places that hold a value') });
    }
    if (!slot.node) continue;
    // The same key written in another file of the config, whose value the merge replaced.
    for (const source of effective.assembled.sources) {
      const rest = keysInFile(source, keys);
      if (rest === undefined) continue;
      const property = rest.length === 0 ? undefined : findPropertyAtPath(source.doc.root, rest);
      const node = rest.length === 0 ? source.doc.root : valueOf(property);
      if (!node || node === slot.node) continue;
      const spec = classifySecret(node);
      if (spec.kind === 'absent' || spec.kind === 'invalid') continue;
      const place = jsonPlace(ctx, source, node, property, path, keys, resolveSecret(spec, effective.gatewayEnv.values), isReference({ ...slot, spec }) ? referenceNote({ ...slot, spec }) : undefined);
      place.note = msg('not used: the config merges {0} over it', slot.source ? fileLabel(slot.source.path, lineOf(slot.source.doc, (slot.property ?? slot.node).offset), 'config', ctx.places) : path);
      place.readers = [];
      out.push(place);
    }
  }
  return out;
}

/** Which process takes a variable from a place: the view's winner is that place. */
function sameOrigin(origin: EnvOrigin | undefined, place: EnvOrigin): boolean {
  if (origin?.kind !== place.kind) return false;
  if (origin.kind === 'process') return true;
  if (origin.kind === 'dotenv' && place.kind === 'dotenv') return origin.source.path === place.source.path && origin.entry === place.entry;
  if (origin.kind === 'env.vars' && place.kind === 'env.vars') return origin.at.node === place.at.node;
  return false;
}

function envReaders(ctx: Context, place: EnvOrigin): SourceReader[] {
  const readers: SourceReader[] = [];
  const { gatewayEnv, clientEnv } = ctx.model.effective;
  if (!ctx.remote && ctx.server.source === ctx.envName && sameOrigin(gatewayEnv.get(ctx.envName)?.origin, place)) readers.push('gateway');
  if (ctx.cli?.source === ctx.envName && sameOrigin(clientEnv.get(ctx.envName)?.origin, place)) readers.push(ctx.remote ? 'remote-clients' : 'cli');
  return readers;
}

/** Why a variable's place is not used by a side: another layer set it first, or the config comes first. */
function envNote(ctx: Context, place: EnvOrigin): Message | undefined {
  for (const view of [ctx.model.effective.gatewayEnv, ctx.model.effective.clientEnv]) {
    const ignored = view.ignored.find((i) => i.variable.name === ctx.envName && sameOrigin(i.variable.origin, place));
    if (!ignored) continue;
    if (ignored.why === 'workspace-blocked') return msg('not used: OpenClaw never takes OPENCLAW_* variables from a .env in the working directory');
    if (ignored.why === 'config-not-allowed') return msg('not used: OpenClaw does not apply an env.vars value that refers to another variable');
    const by = ignored.winner ? envPlaceName(ctx, ignored.winner.origin) : msg('another place');
    return ignored.why === 'dotenv-conflict' ? msg('not used: {0} is read first', by) : msg('not used: {0} is set first', by);
  }
  return undefined;
}

function envPlaceName(ctx: Context, origin: EnvOrigin): Message {
  if (origin.kind === 'process') return processLabel(ctx);
  if (origin.kind === 'dotenv') return fileLabel(origin.source.path, (origin.entry?.line ?? 0) + 1, 'dotenv', ctx.places);
  return origin.at.source.path ? fileLabel(origin.at.source.path, lineOf(origin.at.source.doc, (origin.at.property ?? origin.at.node).offset), 'config', ctx.places) : msg('env.vars');
}

function processLabel(ctx: Context): Message {
  return ctx.environment === 'shell' ? msg('process environment of this shell') : msg('process environment of the editor');
}

function unsetAdvice(name: string): Message {
  return msg('a process environment cannot be edited: run `unset {0}` (or `export {0}=…` with the chosen value) in the shell that starts the editor and the gateway, then restart them', name);
}

/** OPENCLAW_GATEWAY_<KIND> in the process environment. */
function collectProcess(ctx: Context): SourcePlace[] {
  const out: SourcePlace[] = [];
  const views: EnvironmentView[] = ctx.model.effective.sharedEnvironment ? [ctx.model.effective.clientEnv] : [ctx.model.effective.gatewayEnv, ctx.model.effective.clientEnv];
  for (const view of views) {
    const variable = view.get(ctx.envName);
    if (variable?.origin.kind !== 'process') continue;
    const side = ctx.model.effective.sharedEnvironment ? '' : `:${view.side}`;
    out.push({
      id: `process${side}:${ctx.envName}`,
      kind: 'process',
      label: side === '' ? processLabel(ctx) : view.side === 'gateway' ? msg("the gateway's process environment") : processLabel(ctx),
      name: ctx.envName,
      value: valueResult(variable.value),
      notEditable: unsetAdvice(ctx.envName),
    });
  }
  return out;
}

/** Every assignment of the variable in every `.env` file that was read. */
function collectDotenv(ctx: Context): SourcePlace[] {
  const out: SourcePlace[] = [];
  for (const source of ctx.model.effective.dotenv) {
    for (const entry of source.doc.entries) {
      if (!entry.accepted || entry.key !== ctx.envName) continue;
      out.push(dotenvPlace(ctx, source, entry));
    }
  }
  return out;
}

function dotenvPlace(ctx: Context, source: DotenvSource, entry: DotenvEntry): SourcePlace {
  const winner = source.doc.entryFor(entry.key) === entry;
  const place: SourcePlace = {
    id: `dotenv:${source.path}:${entry.key}:${entry.keyOffset}`,
    kind: 'dotenv',
    label: fileLabel(source.path, entry.line + 1, 'dotenv', ctx.places),
    name: entry.key,
    value: valueResult(entry.value),
    location: { file: source.path, offset: entry.valueLength > 0 ? entry.valueOffset : entry.keyOffset, length: entry.valueLength > 0 ? entry.valueLength : entry.keyLength },
  };
  if (source.role === 'env-file') place.notEditable = msg('it is the file given as the gateway environment; edit it where the service reads it');
  else if (winner) place.editor = { kind: 'dotenv', file: source.path, doc: source.doc, key: entry.key };
  else {
    place.notEditable = msg('dotenv ignores this line: a later line sets {0} again; remove it', entry.key);
    place.note = msg('not used: a later line of this file sets it again');
    place.readers = [];
  }
  return place;
}

/** env.vars.<NAME> and a plain env.<NAME> in the config or an include. */
function collectEnvVars(ctx: Context): SourcePlace[] {
  const out: SourcePlace[] = [];
  const root = ctx.model.effective.assembled.root;
  const vars = mergedAt(root, ['env', 'vars']);
  for (const entry of configEnvEntries(root)) {
    if (entry.name !== ctx.envName) continue;
    const at: Placed = entry.at;
    const inVars = vars?.kind === 'object' && [...vars.members.values()].some((member) => member.kind === 'leaf' && member.at === at);
    const rawKey = at.property ? keyOf(at.property) : entry.name;
    const keys = inVars ? ['env', 'vars', rawKey] : ['env', rawKey];
    // A value that refers to another variable is never applied: as written it is no secret to compare.
    const value: ResolvedSecret = entry.allowed ? valueResult(entry.value) : { state: 'unresolved', reason: 'invalid' };
    const place = jsonPlace(ctx, at.source, at.node, at.property, keys.join('.'), keys, value, undefined);
    place.kind = 'env.vars';
    if (!entry.allowed) place.note = msg('not used: OpenClaw does not apply an env.vars value that refers to another variable');
    place.id = `env.vars:${at.source.path}:${keys.join('.')}:${at.node.offset}`;
    out.push(place);
  }
  return out;
}

/** What the running gateway accepted: a place of its own, since that gateway may run with any of them, or none. */
function collectAccepted(accepted: AcceptedSecret | undefined): Array<SourcePlace & { acceptedFingerprint: string }> {
  if (!accepted) return [];
  return [
    {
      id: `last-check:${accepted.target}`,
      kind: 'last-check',
      label: msg('the running gateway at {0} (last check)', accepted.target),
      name: accepted.source ?? '-',
      value: { state: 'unresolved', reason: 'secret-ref' },
      readers: ['gateway-now'],
      notEditable: msg('the running gateway takes its secret when it starts: restart it to make it read the places above'),
      acceptedFingerprint: accepted.fingerprint,
    },
  ];
}

const EXTERNAL_READERS: Record<ExternalSourceKind, SourceReader[]> = {
  'systemd-unit': ['service'],
  'systemd-env-file': ['service'],
  'launchd-plist': ['service'],
  'service-env-file': ['service'],
  'shell-profile': ['new-shells'],
};

/** Places other readers found (service units, profiles): each assignment of the variable. */
function collectExternal<S extends ExternalSecretSource>(ctx: Context, external: SourceMapExtras<S>['external']): SourcePlace[] {
  const out: SourcePlace[] = [];
  for (const source of external?.sources ?? []) {
    for (const assignment of source.assignments) {
      if (assignment.name !== ctx.envName) continue;
      const setValue = external?.setValue;
      const service = source.kind !== 'shell-profile';
      // The gateway takes the variable only when the config has no secret of its own (config first).
      const configFirst = isConfigured(ctx.model.slots[SLOTS[ctx.kind][0]]);
      const readers = source.readers ? [...source.readers] : [...EXTERNAL_READERS[source.kind]];
      out.push({
        id: `${source.kind}:${source.path}:${assignment.name}:${assignment.valueOffset}`,
        kind: source.kind,
        label: fileLabel(source.path, assignment.line + 1, 'dotenv', ctx.places),
        name: assignment.name,
        value: valueResult(assignment.value),
        readers: service && configFirst && !source.readers ? [] : readers,
        ...(service && configFirst && !source.readers
          ? { note: msg('not used: the service gets it, but its gateway takes {0} first', SLOTS[ctx.kind][0]) }
          : source.note
            ? { note: source.note }
            : {}),
        location: { file: source.path, offset: assignment.valueOffset, length: assignment.valueLength },
        ...(setValue
          ? { editor: { kind: 'external' as const, file: source.path, group: `${source.path}\n${assignment.name}`, ...(source.text === undefined ? {} : { text: source.text }), apply: (value: string) => setValue(source, assignment.name, value) } }
          : { notEditable: msg('this kind of file cannot be edited here') }),
      });
    }
  }
  return out;
}

function agreementOf(value: ResolvedSecret, effective: ResolvedSecret): Agreement {
  if (value.state === 'absent') return 'unset';
  if (value.state === 'unresolved') return value.reason === 'env-unset' ? 'unset' : 'unknown';
  if (effective.state !== 'value') return 'unknown';
  return value.value === effective.value ? 'same' : 'differs';
}

/** The secret everything is compared with. */
function effectiveOf(ctx: Context): { source?: CredentialSource; resolved: ResolvedSecret } {
  if (!ctx.remote) return { source: ctx.server.source, resolved: ctx.server.resolved };
  return ctx.cli ? { source: ctx.cli.source, resolved: { state: 'value', value: ctx.cli.value } } : { resolved: { state: 'absent' } };
}

/**
 * Every place of the gateway secret that the gateway uses (its token, or its password in password
 * mode), who takes it from where, and whether each agrees with the effective secret: the gateway's
 * own (config first, then its environment) in local mode; in remote mode, what clients here send
 * to the remote gateway (gateway.remote.* first), since the gateway's own lives on another machine.
 */
export function collectSecretSources<S extends ExternalSecretSource = ExternalSecretSource>(model: GatewayModel, extras: SourceMapExtras<S> = {}): SecretSourceMap {
  const server = serverSecret(model);
  const kind = server.kind;
  const remote = isRemoteMode(model);
  const ctx: Context = { model, kind, envName: ENV_NAME[kind], places: namingPlaces(model), remote, server, cli: cliCredential(model), environment: extras.environment ?? 'editor' };
  const effective = effectiveOf(ctx);
  const places: SourcePlace[] = [...collectConfigSlots(ctx), ...collectEnvVars(ctx), ...collectDotenv(ctx), ...collectProcess(ctx), ...collectExternal(ctx, extras.external)];
  const values = new Map<string, string>();
  const entries: SecretSourceEntry[] = [];
  for (const place of places) {
    const { value, readers: given, ...rest } = place;
    const readers = given ?? readersOf(ctx, place);
    const entry: SecretSourceEntry = { ...rest, readers, agreement: agreementOf(value, effective.resolved) };
    if (value.state === 'value') {
      values.set(place.id, value.value);
      entry.fingerprint = fingerprint(value.value);
    }
    if (readers.length === 0 && entry.note === undefined && value.state === 'value') entry.note = unusedNote(ctx, place);
    entries.push(entry);
  }
  const effectiveFingerprint = effective.resolved.state === 'value' ? fingerprint(effective.resolved.value) : undefined;
  for (const accepted of collectAccepted(extras.accepted)) {
    const { value: _value, acceptedFingerprint, readers, ...rest } = accepted;
    entries.push({
      ...rest,
      readers: readers ?? ['gateway-now'],
      fingerprint: acceptedFingerprint,
      agreement: effectiveFingerprint === undefined ? 'unknown' : acceptedFingerprint === effectiveFingerprint ? 'same' : 'differs',
    });
  }
  return {
    kind,
    mode: remote ? 'remote' : 'local',
    effective: {
      ...(effective.source ? { source: effective.source } : {}),
      ...(effectiveFingerprint ? { fingerprint: effectiveFingerprint } : {}),
      state: effective.resolved.state,
      ...(effective.source ? { label: effectiveLabel(ctx, entries, effective.source) } : {}),
    },
    entries,
    secretOf: (id) => values.get(id),
    effectiveSecret: () => (effective.resolved.state === 'value' ? effective.resolved.value : undefined),
  };
}

/** The effective secret named by the place it comes from (the entry its reader takes it from). */
function effectiveLabel(ctx: Context, entries: readonly SecretSourceEntry[], source: CredentialSource): Message {
  const reader: SourceReader = ctx.remote ? 'remote-clients' : 'gateway';
  const entry = entries.find((e) => e.readers.includes(reader));
  return entry ? msg('{0} ({1})', entry.name, entry.label) : msg('{0}', source);
}

function readersOf(ctx: Context, place: SourcePlace): SourceReader[] {
  if (place.kind === 'config' || place.kind === 'include') {
    const readers: SourceReader[] = [];
    if (!ctx.remote && ctx.server.source === place.name && !place.id.startsWith('unset:')) readers.push('gateway');
    if (ctx.cli?.source === place.name && !place.id.startsWith('unset:')) readers.push(ctx.remote ? 'remote-clients' : 'cli');
    return readers;
  }
  if (place.kind === 'process') {
    const side = place.id.startsWith('process:gateway') ? 'gateway' : place.id.startsWith('process:client') ? 'client' : 'both';
    const readers = envReaders(ctx, { kind: 'process', side: side === 'gateway' ? 'gateway' : 'client' });
    return side === 'both' ? readers : readers.filter((r) => (side === 'gateway' ? r === 'gateway' : r !== 'gateway'));
  }
  if (place.kind === 'dotenv' && place.editor?.kind === 'dotenv') {
    const source = ctx.model.effective.dotenv.find((s) => s.path === place.editor?.file);
    const entry = source?.doc.entryFor(ctx.envName);
    return source && entry ? envReaders(ctx, { kind: 'dotenv', source, entry }) : [];
  }
  if (place.kind === 'dotenv') {
    // The gateway environment file (--gateway-env-file) is the gateway's process environment.
    const source = ctx.model.effective.dotenv.find((s) => s.path === place.location?.file);
    return source?.role === 'env-file' && !ctx.remote && ctx.server.source === ctx.envName ? ['gateway'] : [];
  }
  if (place.kind === 'env.vars' && place.location) {
    const loc = place.location;
    const entry = configEnvEntries(ctx.model.effective.assembled.root).find((e) => e.at.source.path === loc.file && e.at.node.offset === loc.offset);
    return entry ? envReaders(ctx, { kind: 'env.vars', at: entry.at }) : [];
  }
  return [];
}

function unusedNote(ctx: Context, place: SourcePlace): Message {
  if (place.kind === 'dotenv' || place.kind === 'env.vars' || place.kind === 'process') {
    const origin = placeOrigin(ctx, place);
    const shadow = origin ? envNote(ctx, origin) : undefined;
    if (shadow) return shadow;
  }
  const first = ctx.remote ? ctx.cli?.source : (ctx.server.source ?? ctx.cli?.source);
  if (ctx.remote && (place.name === SLOTS[ctx.kind][0] || place.kind === 'dotenv' || place.kind === 'env.vars' || place.kind === 'process') && first) {
    return msg('not used now: in remote mode clients here take {0} first', first);
  }
  return first ? msg('not used now: {0} comes first', first) : msg('not used now');
}

function placeOrigin(ctx: Context, place: SourcePlace): EnvOrigin | undefined {
  if (place.kind === 'process') return { kind: 'process', side: 'client' };
  const loc = place.location;
  if (!loc) return undefined;
  if (place.kind === 'dotenv') {
    const source = ctx.model.effective.dotenv.find((s) => s.path === loc.file);
    const entry = source?.doc.entries.find((e) => e.valueOffset === loc.offset || e.keyOffset === loc.offset);
    return source && entry ? { kind: 'dotenv', source, entry } : undefined;
  }
  const entry = configEnvEntries(ctx.model.effective.assembled.root).find((e) => e.at.source.path === loc.file && e.at.node.offset === loc.offset);
  return entry ? { kind: 'env.vars', at: entry.at } : undefined;
}

/**
 * The fingerprint of the secret a diagnosis found accepted: the candidate it names (by source and
 * where it was written) among the user's secrets.
 */
export function acceptedFromDiagnosis(model: GatewayModel, diagnosis: Diagnosis, target: string): AcceptedSecret | undefined {
  if (!diagnosis.accepted) return undefined;
  const candidate = candidateCredentials(model).find((c) => c.source === diagnosis.accepted && JSON.stringify(c.origin ?? null) === JSON.stringify(diagnosis.acceptedOrigin ?? null));
  return candidate ? { fingerprint: fingerprint(candidate.value), target, source: candidate.source } : undefined;
}

/** How a reader is called, for every surface. */
export function readerName(reader: SourceReader): Message {
  switch (reader) {
    case 'gateway-now':
      return msg('gateway now');
    case 'gateway':
      return msg('gateway after restart');
    case 'cli':
      return msg('local CLI');
    case 'remote-clients':
      return msg('remote clients');
    case 'service':
      return msg('service after restart');
    case 'new-shells':
      return msg('new shells');
  }
}

export function agreementName(agreement: Agreement): Message {
  switch (agreement) {
    case 'same':
      return msg('same');
    case 'differs':
      return msg('differs');
    case 'unset':
      return msg('unset');
    case 'unknown':
      return msg('unknown');
  }
}

/** "token" or "password", in the reader's language. */
export function secretKindName(kind: SecretKind): Message {
  return kind === 'token' ? msg('token') : msg('password');
}

export function modeName(mode: SecretSourceMap['mode']): Message {
  return mode === 'local' ? msg('local mode') : msg('remote mode');
}
