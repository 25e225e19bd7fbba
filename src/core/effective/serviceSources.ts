import * as path from 'node:path';
import { applyTextEdits, type TextEdit } from '../fixes/textEdits';
import { intendedEnvName } from '../rules/support/envNames';
import type { Environment } from '../secretValues';
import { parseLaunchdPlist, removePlistValue, setPlistValue } from './launchdPlist';
import type { ServiceAssignment } from './serviceText';
import { parseShellProfile, removeShellValue, setShellValue, type ShellDialect } from './shellProfile';
import type { SourceReader } from './sourceReader';
import {
  parseSystemdEnvFile,
  parseSystemdUnit,
  removeUnitValue,
  renderEnvFileValue,
  runsOpenclawGateway,
  setUnitValue,
  unitEnvironment,
  type SpecifierContext,
  type SystemdUnitDocument,
} from './systemdUnit';

export type { ServiceAssignment } from './serviceText';

/**
 * The places outside OpenClaw's own config that hold the gateway's variables (issue 12): the
 * service definitions `openclaw gateway install` writes (a systemd unit and its EnvironmentFile,
 * a launchd plist and its service-env file; see docs/openclaw-effective-config.md §2.9), any other
 * unit or agent that runs `openclaw gateway`, and the shell profiles new shells read. Each file is
 * plain data (`ServiceSource`) that a view can list and edit; `setServiceValue` and
 * `removeServiceValue` give edits in the file's own syntax, checked by parsing the result again.
 * Nothing here runs a unit, a profile or a command.
 */

export type ServiceSourceKind = 'systemd-unit' | 'systemd-env-file' | 'launchd-plist' | 'service-env-file' | 'shell-profile';

/**
 * Who reads the file: the gateway service (when it starts: after a restart, or now when the
 * running gateway started after the file last changed), or new shells, and through them the local
 * OpenClaw CLI.
 */
export type ServiceReadBy = 'gateway-service' | 'new-shells';

export type ServiceManager = 'systemd-user' | 'systemd-system' | 'launchd';

export interface ServiceIdentity {
  manager: ServiceManager;
  /** The unit name (`openclaw-gateway.service`) or launchd label (`ai.openclaw.gateway`). */
  name: string;
  /** The unit or plist file. */
  definitionPath: string;
  /** What makes the service read an edited file again; for the user to run (never run for them). */
  applyCommand: string;
}

export interface ServiceSource {
  kind: ServiceSourceKind;
  /** Absolute path. */
  path: string;
  text: string;
  readBy: ServiceReadBy;
  /** Variables set here, in file order (profiles: only the gateway's variables and their look-alikes). */
  assignments: ServiceAssignment[];
  /** The service that reads this file (absent for shell profiles). */
  service?: ServiceIdentity;
  /** Shell profiles: the shell language. */
  dialect?: ShellDialect;
  /** Modification time (ms since the epoch), when the reader knows it. */
  mtimeMs?: number;
  /** Named on the command line (`--source`) rather than found. */
  explicit?: boolean;
}

/** The winning value of a variable in a service's environment, and where it is written. */
export interface ServiceValue {
  name: string;
  value: string;
  source: ServiceSource;
  assignment: ServiceAssignment;
}

export interface DiscoveredService {
  identity: ServiceIdentity;
  /** The files the service reads, in the order it reads them (a later one wins). */
  sources: ServiceSource[];
  /** The environment the service starts the gateway with, as far as these files say. */
  environment: Map<string, ServiceValue>;
  /**
   * The config the service's gateway reads (OPENCLAW_CONFIG_PATH, else the state dir's
   * openclaw.json); undefined when it cannot be told.
   */
  configPath?: string;
  /** True for a unit named by the user or one of OpenClaw's own names. */
  explicit?: boolean;
}

export interface ServiceDiscovery {
  services: DiscoveredService[];
  profiles: ServiceSource[];
  /** Every path whose change alters the result (existing or not). */
  watched: string[];
}

export interface DiscoveryOptions {
  home: string;
  /** The analysed config (services running another config are kept but marked). */
  configPath: string;
  uid?: number;
  user?: string;
  /** Also look at /etc/systemd/system (units readable without root). */
  systemUnits?: boolean;
  /** Files named by the user (`--source`), classified by name and content. */
  explicitPaths?: readonly string[];
  /** False: no discovery, only `explicitPaths`. */
  discover?: boolean;
}

/** The gateway variables a profile is searched for (and their look-alikes, see envNames.ts). */
const PROFILE_NAMES = ['OPENCLAW_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_PASSWORD', 'OPENCLAW_GATEWAY_URL'];

export function isProfileVariable(name: string): boolean {
  return PROFILE_NAMES.includes(name) || PROFILE_NAMES.includes(intendedEnvName(name) ?? '');
}

/** The shell start-up files, relative to HOME. */
export const PROFILE_FILES: ReadonlyArray<{ file: string; dialect: ShellDialect }> = [
  { file: '.bashrc', dialect: 'posix' },
  { file: '.bash_profile', dialect: 'posix' },
  { file: '.profile', dialect: 'posix' },
  { file: '.zshenv', dialect: 'posix' },
  { file: '.zshrc', dialect: 'posix' },
  { file: '.zprofile', dialect: 'posix' },
  { file: path.join('.config', 'fish', 'config.fish'), dialect: 'fish' },
];

function readText(reader: SourceReader, file: string): string | undefined {
  const read = reader.read(file);
  return read.state === 'ok' ? read.text : undefined;
}

function mtimeOf(reader: SourceReader, file: string): number | undefined {
  return reader.mtime?.(file);
}

export function profileSource(file: string, text: string, dialect: ShellDialect, mtimeMs?: number): ServiceSource {
  const doc = parseShellProfile(text, dialect, isProfileVariable);
  return { kind: 'shell-profile', path: file, text, readBy: 'new-shells', assignments: doc.assignments, dialect, ...(mtimeMs === undefined ? {} : { mtimeMs }) };
}

function specifiers(options: DiscoveryOptions, system: boolean): SpecifierContext {
  // A system unit runs as root unless User= says otherwise; its %h is root's home.
  return system ? { home: '/root', user: 'root', uid: 0 } : { home: options.home, user: options.user, uid: options.uid };
}

function systemdApplyCommand(unit: string, system: boolean): string {
  return system ? `sudo systemctl daemon-reload && sudo systemctl restart ${unit}` : `systemctl --user daemon-reload && systemctl --user restart ${unit}`;
}

function launchdApplyCommand(label: string, plist: string, changedPlist: boolean): string {
  // A changed plist is read only when the agent is loaded again; an env file is read at each start.
  return changedPlist
    ? `launchctl bootout gui/$UID/${label}; launchctl bootstrap gui/$UID ${shellArg(plist)}`
    : `launchctl kickstart -k gui/$UID/${label}`;
}

function shellArg(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** The config a service's gateway reads, from the environment the service gives it. */
function serviceConfigPath(env: ReadonlyMap<string, ServiceValue>, home: string): string {
  const configured = env.get('OPENCLAW_CONFIG_PATH')?.value.trim();
  if (configured) return path.resolve(configured.replace(/^~(?=$|\/)/, home));
  const stateDir = env.get('OPENCLAW_STATE_DIR')?.value.trim();
  const profile = env.get('OPENCLAW_PROFILE')?.value.trim();
  const suffix = profile && profile.toLowerCase() !== 'default' ? `-${profile}` : '';
  return path.join(stateDir ? path.resolve(stateDir.replace(/^~(?=$|\/)/, home)) : path.join(home, `.openclaw${suffix}`), 'openclaw.json');
}

/** OpenClaw's own unit names (constants.ts): openclaw-gateway[-profile], and the legacy clawdbot-gateway. */
function isOpenclawUnitName(name: string): boolean {
  return /^openclaw-gateway(?:-[^.]+)?\.service$/.test(name) || name === 'clawdbot-gateway.service';
}

function systemdService(reader: SourceReader, unitPath: string, options: DiscoveryOptions, system: boolean, explicit: boolean, watched: Set<string>): DiscoveredService | undefined {
  const text = readText(reader, unitPath);
  watched.add(unitPath);
  if (text === undefined) return undefined;
  const ctx = specifiers(options, system);
  const unit = parseSystemdUnit(text, ctx);
  const name = path.basename(unitPath);
  if (!explicit && !isOpenclawUnitName(name) && !runsOpenclawGateway(unit.execStart)) return undefined;
  const identity: ServiceIdentity = { manager: system ? 'systemd-system' : 'systemd-user', name, definitionPath: unitPath, applyCommand: systemdApplyCommand(name, system) };
  const make = (kind: ServiceSourceKind, file: string, body: string, assignments: ServiceAssignment[]): ServiceSource => {
    const mtimeMs = mtimeOf(reader, file);
    return { kind, path: file, text: body, readBy: 'gateway-service', assignments, service: identity, ...(mtimeMs === undefined ? {} : { mtimeMs }), ...(explicit ? { explicit } : {}) };
  };
  const unitDocs: Array<{ source: ServiceSource; doc: SystemdUnitDocument }> = [{ source: make('systemd-unit', unitPath, text, unit.assignments), doc: unit }];
  // Drop-ins: <unit>.d/*.conf, read after the unit in name order (systemd.unit(5)).
  const dropInDir = `${unitPath}.d`;
  watched.add(dropInDir);
  for (const entry of reader.list?.(dropInDir) ?? []) {
    if (!entry.endsWith('.conf')) continue;
    const file = path.join(dropInDir, entry);
    watched.add(file);
    const body = readText(reader, file);
    if (body === undefined) continue;
    const doc = parseSystemdUnit(body, ctx);
    unitDocs.push({ source: make('systemd-unit', file, body, doc.assignments), doc });
  }
  const { inline, files } = unitEnvironment(unitDocs.map((u) => u.doc));
  const environment = new Map<string, ServiceValue>();
  for (const [key, { doc, assignment }] of inline) {
    const source = unitDocs.find((u) => u.doc === doc)?.source;
    if (source) environment.set(key, { name: key, value: assignment.value, source, assignment });
  }
  const sources = unitDocs.map((u) => u.source);
  // EnvironmentFile= values override Environment= ones; a later file wins over an earlier one.
  for (const spec of files) {
    if (spec.pattern || !path.isAbsolute(spec.path)) continue;
    watched.add(spec.path);
    const body = readText(reader, spec.path);
    if (body === undefined) continue;
    const doc = parseSystemdEnvFile(body);
    const source = make('systemd-env-file', spec.path, body, doc.assignments);
    sources.push(source);
    for (const assignment of doc.assignments) environment.set(assignment.name, { name: assignment.name, value: assignment.value, source, assignment });
  }
  return { identity, sources, environment, configPath: serviceConfigPath(environment, system ? '/root' : options.home), ...(explicit ? { explicit } : {}) };
}

function launchdService(reader: SourceReader, plistPath: string, options: DiscoveryOptions, explicit: boolean, watched: Set<string>): DiscoveredService | undefined {
  const text = readText(reader, plistPath);
  watched.add(plistPath);
  if (text === undefined) return undefined;
  const plist = parseLaunchdPlist(text);
  const label = plist.label ?? path.basename(plistPath, '.plist');
  const args = plist.programArguments;
  const runsGateway = runsOpenclawGateway(args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' '));
  if (!explicit && !(label === 'ai.openclaw.gateway' || (label.startsWith("ai.openclaw.") && label !== 'ai.openclaw.node')) && !runsGateway) return undefined;
  const identity: ServiceIdentity = { manager: 'launchd', name: label, definitionPath: plistPath, applyCommand: launchdApplyCommand(label, plistPath, true) };
  const mtimeMs = mtimeOf(reader, plistPath);
  const plistSource: ServiceSource = { kind: 'launchd-plist', path: plistPath, text, readBy: 'gateway-service', assignments: plist.assignments, service: identity, ...(mtimeMs === undefined ? {} : { mtimeMs }), ...(explicit ? { explicit } : {}) };
  const environment = new Map<string, ServiceValue>();
  for (const assignment of plist.assignments) environment.set(assignment.name, { name: assignment.name, value: assignment.value, source: plistSource, assignment });
  const sources = [plistSource];
  // The env wrapper (launchd-plist.ts): `/bin/sh <label>-env-wrapper.sh <envfile> <command…>`; its file wins over the plist.
  const wrapped = args[0] === '/bin/sh' ? args.slice(1) : args;
  const envFile = wrapped[0]?.endsWith('-env-wrapper.sh') ? wrapped[1] : undefined;
  if (envFile && path.isAbsolute(envFile)) {
    watched.add(envFile);
    const body = readText(reader, envFile);
    if (body !== undefined) {
      const doc = parseShellProfile(body, 'posix');
      const envMtime = mtimeOf(reader, envFile);
      const envIdentity: ServiceIdentity = { ...identity, applyCommand: launchdApplyCommand(label, plistPath, false) };
      const source: ServiceSource = { kind: 'service-env-file', path: envFile, text: body, readBy: 'gateway-service', assignments: doc.assignments, service: envIdentity, ...(envMtime === undefined ? {} : { mtimeMs: envMtime }) };
      sources.push(source);
      for (const assignment of doc.assignments) environment.set(assignment.name, { name: assignment.name, value: assignment.value, source, assignment });
    }
  }
  return { identity, sources, environment, configPath: serviceConfigPath(environment, options.home), ...(explicit ? { explicit } : {}) };
}

/** What a file named on the command line is, from its name and content. */
export function classifySourcePath(file: string, text: string): ServiceSourceKind {
  const base = path.basename(file);
  if (base.endsWith('.service') || (base.endsWith('.conf') && path.dirname(file).endsWith('.service.d'))) return 'systemd-unit';
  if (base.endsWith('.plist')) return 'launchd-plist';
  if (base.endsWith('.fish') || PROFILE_FILES.some((p) => path.basename(p.file) === base) || /^\.?(?:bash|zsh|ksh|sh)(?:rc|_profile|env)$/.test(base)) return 'shell-profile';
  return /^\s*export\s+[A-Za-z_]/m.test(text) ? 'service-env-file' : 'systemd-env-file';
}

/** Finds the service sources of a config: OpenClaw's units and agents, others running `openclaw gateway`, profiles, and named files. */
export function discoverServiceSources(reader: SourceReader, options: DiscoveryOptions): ServiceDiscovery {
  const watched = new Set<string>();
  const services: DiscoveredService[] = [];
  const profiles: ServiceSource[] = [];
  const seen = new Set<string>();
  const addService = (service: DiscoveredService | undefined): void => {
    if (!service || seen.has(service.identity.definitionPath)) return;
    seen.add(service.identity.definitionPath);
    services.push(service);
  };
  const addProfile = (file: string, dialect: ShellDialect, explicit: boolean): void => {
    watched.add(file);
    const text = readText(reader, file);
    if (text === undefined || seen.has(file)) return;
    seen.add(file);
    profiles.push({ ...profileSource(file, text, dialect, mtimeOf(reader, file)), ...(explicit ? { explicit } : {}) });
  };
  for (const named of options.explicitPaths ?? []) {
    const file = path.resolve(named);
    const text = readText(reader, file);
    watched.add(file);
    if (text === undefined) continue;
    const kind = classifySourcePath(file, text);
    if (kind === 'systemd-unit') addService(systemdService(reader, file, options, file.startsWith('/etc/'), true, watched));
    else if (kind === 'launchd-plist') addService(launchdService(reader, file, options, true, watched));
    else if (kind === 'shell-profile') addProfile(file, file.endsWith('.fish') ? 'fish' : 'posix', true);
    else {
      // A bare environment file: the gateway's environment as a service would give it.
      const doc = kind === 'service-env-file' ? parseShellProfile(text, 'posix') : parseSystemdEnvFile(text);
      const identity: ServiceIdentity = { manager: 'systemd-user', name: path.basename(file), definitionPath: file, applyCommand: '' };
      const mtimeMs = mtimeOf(reader, file);
      const source: ServiceSource = { kind, path: file, text, readBy: 'gateway-service', assignments: doc.assignments, service: identity, explicit: true, ...(mtimeMs === undefined ? {} : { mtimeMs }) };
      const environment = new Map<string, ServiceValue>();
      for (const assignment of doc.assignments) environment.set(assignment.name, { name: assignment.name, value: assignment.value, source, assignment });
      if (!seen.has(file)) {
        seen.add(file);
        services.push({ identity, sources: [source], environment, configPath: serviceConfigPath(environment, options.home), explicit: true });
      }
    }
  }
  if (options.discover !== false) {
    const userDir = path.join(options.home, '.config', 'systemd', 'user');
    watched.add(userDir);
    const userUnits = new Set(reader.list?.(userDir) ?? []);
    for (const known of ['openclaw-gateway.service', 'clawdbot-gateway.service']) userUnits.add(known);
    for (const name of [...userUnits].sort()) if (name.endsWith('.service')) addService(systemdService(reader, path.join(userDir, name), options, false, false, watched));
    if (options.systemUnits !== false) {
      const systemDir = '/etc/systemd/system';
      for (const name of reader.list?.(systemDir) ?? []) if (name.endsWith('.service')) addService(systemdService(reader, path.join(systemDir, name), options, true, false, watched));
    }
    const agentsDir = path.join(options.home, 'Library', 'LaunchAgents');
    watched.add(agentsDir);
    const agents = new Set(reader.list?.(agentsDir) ?? []);
    agents.add('ai.openclaw.gateway.plist');
    for (const name of [...agents].sort()) if (name.endsWith('.plist')) addService(launchdService(reader, path.join(agentsDir, name), options, false, watched));
    for (const { file, dialect } of PROFILE_FILES) addProfile(path.join(options.home, file), dialect, false);
  }
  for (const service of services) for (const source of service.sources) watched.add(source.path);
  return { services, profiles, watched: [...watched] };
}

/** True when the service runs the gateway of the analysed config (or the user named it). */
export function servesConfig(service: DiscoveredService, configPath: string): boolean {
  return service.explicit === true || service.configPath === undefined || service.configPath === configPath;
}

/** Every file found, for listing (services' files first, then profiles). */
export function allServiceSources(discovery: ServiceDiscovery): ServiceSource[] {
  return [...discovery.services.flatMap((s) => s.sources), ...discovery.profiles];
}

/** The values of a service environment, plainly (for tests and the map). */
export function serviceEnvironmentValues(service: DiscoveredService): Environment {
  return Object.fromEntries([...service.environment].map(([k, v]) => [k, v.value]));
}

const apply = (text: string, edits: readonly TextEdit[]): string => applyTextEdits(text, edits);

function tag(edits: TextEdit[] | undefined, file: string): TextEdit[] | undefined {
  return edits?.map((e) => ({ ...e, file }));
}

/** Context for units: specifiers need HOME and the user (see parseSystemdUnit). */
export interface EditContext {
  home: string;
  user?: string;
  uid?: number;
}

function unitContext(source: ServiceSource, ctx: EditContext): SpecifierContext {
  return source.service?.manager === 'systemd-system' ? { home: '/root', user: 'root', uid: 0 } : ctx;
}

/**
 * Edits that make `name` read `value` in this file, in its own syntax (every assignment of the
 * name is updated; a missing one is added where the format puts it). Undefined when no edit reads
 * back exactly (a value with a line break, a binary plist).
 */
export function setServiceValue(source: ServiceSource, name: string, value: string, ctx: EditContext): TextEdit[] | undefined {
  switch (source.kind) {
    case 'systemd-unit':
      return tag(setUnitValue(parseSystemdUnit(source.text, unitContext(source, ctx)), name, value, unitContext(source, ctx), apply), source.path);
    case 'systemd-env-file':
      return tag(setEnvFileValue(source.text, name, value), source.path);
    case 'launchd-plist':
      return tag(setPlistValue(parseLaunchdPlist(source.text), name, value, apply), source.path);
    case 'service-env-file':
      return tag(setShellValue(parseShellProfile(source.text, 'posix'), name, value, (t) => parseShellProfile(t, 'posix'), apply, true), source.path);
    case 'shell-profile': {
      const dialect = source.dialect ?? 'posix';
      const reparse = (t: string) => parseShellProfile(t, dialect, isProfileVariable);
      return tag(setShellValue(reparse(source.text), name, value, reparse, apply), source.path);
    }
  }
}

/** Edits that remove every assignment of `name` from this file (a profile's `export NAME` too). */
export function removeServiceValue(source: ServiceSource, name: string, ctx: EditContext): TextEdit[] | undefined {
  switch (source.kind) {
    case 'systemd-unit':
      return tag(removeUnitValue(parseSystemdUnit(source.text, unitContext(source, ctx)), name, unitContext(source, ctx), apply), source.path);
    case 'systemd-env-file':
      return tag(removeEnvFileValue(source.text, name), source.path);
    case 'launchd-plist':
      return tag(removePlistValue(parseLaunchdPlist(source.text), name, apply), source.path);
    case 'service-env-file':
      return tag(removeShellValue(parseShellProfile(source.text, 'posix'), name, (t) => parseShellProfile(t, 'posix'), apply), source.path);
    case 'shell-profile': {
      const dialect = source.dialect ?? 'posix';
      const reparse = (t: string) => parseShellProfile(t, dialect, isProfileVariable);
      return tag(removeShellValue(reparse(source.text), name, reparse, apply), source.path);
    }
  }
}

function envFileOthers(text: string, name: string): string {
  return JSON.stringify(parseSystemdEnvFile(text).assignments.filter((a) => a.name !== name).map((a) => [a.name, a.value]));
}

function setEnvFileValue(text: string, name: string, value: string): TextEdit[] | undefined {
  const rendered = renderEnvFileValue(value);
  if (rendered === undefined) return undefined;
  const doc = parseSystemdEnvFile(text);
  const mine = doc.assignments.filter((a) => a.name === name);
  const br = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: TextEdit[] =
    mine.length > 0
      ? mine.map((a) => ({ offset: a.valueOffset, length: a.valueLength, newText: rendered }))
      : [{ offset: text.length, length: 0, newText: `${text === '' || /[\r\n]$/.test(text) ? '' : br}${name}=${rendered}${br}` }];
  const after = apply(text, edits);
  const read = parseSystemdEnvFile(after).assignments.filter((a) => a.name === name);
  return read.length > 0 && read.every((a) => a.value === value) && envFileOthers(text, name) === envFileOthers(after, name) ? edits : undefined;
}

function removeEnvFileValue(text: string, name: string): TextEdit[] | undefined {
  const doc = parseSystemdEnvFile(text);
  const edits: TextEdit[] = doc.assignments
    .filter((a) => a.name === name)
    .map((a) => {
      const offset = text.lastIndexOf('\n', a.statementOffset - 1) + 1;
      const next = text.indexOf('\n', a.statementOffset);
      return { offset, length: (next < 0 ? text.length : next + 1) - offset, newText: '' };
    });
  if (edits.length === 0) return undefined;
  const after = apply(text, edits);
  return !parseSystemdEnvFile(after).assignments.some((a) => a.name === name) && envFileOthers(text, name) === envFileOthers(after, name) ? edits : undefined;
}
