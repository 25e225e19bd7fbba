import { LineIndex, parseConfigDocument, type ConfigDocument } from './configDocument';
import type { ConfigSource } from './effective/configSources';
import { assembleEffectiveConfig, type EffectiveConfig, type EffectiveInputs } from './effective/effectiveConfig';
import { allServiceSources } from './effective/serviceSources';
import type { SourceReader } from './effective/sourceReader';
import { buildGatewayModel, type GatewayModel } from './gatewayModel';
import type { NetworkFacts } from './hostFacts';
import type { PortListener } from './portListener';
import type { SchemaKeyTree } from './schema/keyTree';
import { namedMsg } from './messages';
import { RULES } from './rules/ruleTable';
import type { Finding, RawFinding, RuleContext, RuleDefinition, Severity, SeveritySetting } from './rules/ruleTypes';
import { applySuppressions } from './suppressions';
import { configMetaVersion, resolveOpenclawVersion, type ResolvedOpenclawVersion, type VersionFacts } from './version/openclawVersion';
import type { Environment } from './secretValues';

export interface AnalyzeOptions {
  /** The client's environment (the CLI's process, the editor's host); the gateway's too unless given. */
  env: Environment;
  /** True when OpenClaw would see a container (its default bind is then all interfaces). */
  inContainer?: boolean;
  /** Per-rule severity from the user's settings; 'off' drops the rule. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  /** The rule table; the built-in one unless a test brings its own. */
  rules?: readonly RuleDefinition[];
  /** The config's absolute path. With a reader, its includes and `.env` files are read too. */
  configPath?: string;
  reader?: SourceReader;
  /** The gateway's own environment, when it is not the client's. */
  gatewayEnv?: Environment;
  /** A file holding the gateway's environment (`--gateway-env-file`). */
  gatewayEnvFile?: { path: string; text: string };
  home?: string;
  /** The client's working directory (OpenClaw reads a `.env` there, blocking OPENCLAW_* keys). */
  cwd?: string;
  /** The user the gateway runs as (secret files must be owned by it). */
  uid?: number;
  /** Tailscale and interface addresses of the machine the gateway runs on; unknown when absent. */
  network?: NetworkFacts;
  /** Who listens on a port of this machine (portListener.ts); unknown when absent. */
  listenerAt?: (port: number) => PortListener;
  /** Look for service units, agents and shell profiles (and read the files named); off when absent. */
  serviceDiscovery?: EffectiveInputs['serviceDiscovery'];
  /**
   * What is known about the OpenClaw release in use (a stated version, the running gateway, the
   * installed CLI). The config's own `meta.lastTouchedVersion` is added here: it costs nothing.
   */
  openclawVersion?: VersionFacts;
  /** The key tree of the OpenClaw release in use (SchemaStore.schemaFor); the bundled release's when absent. */
  schema?: SchemaKeyTree;
}

/** A file findings may point into, with what is needed to turn offsets into positions. */
export interface AnalysisFile {
  path: string;
  kind: 'config' | 'include' | 'dotenv' | 'service';
  text: string;
  lines: LineIndex;
}

export interface Analysis {
  doc: ConfigDocument;
  model?: GatewayModel;
  /** Findings of every file; `file` names the file when it is not the config itself. */
  findings: Finding[];
  effective: EffectiveConfig;
  /** The other files findings may point into, by path. */
  files: ReadonlyMap<string, AnalysisFile>;
  /** The release the findings describe and where that came from. */
  openclawVersion: ResolvedOpenclawVersion;
}

function finish(rule: RuleDefinition, raw: RawFinding, setting: Exclude<SeveritySetting, 'off'> | undefined, file: string | undefined): Finding {
  const { meta } = rule;
  const severity: Severity = setting && setting !== 'default' ? setting : (raw.severity ?? meta.defaultSeverity);
  return {
    code: meta.code,
    severity,
    messageId: raw.messageId,
    message: namedMsg(meta.messages[raw.messageId], raw.args ?? {}),
    offset: raw.offset,
    length: raw.length,
    ...(raw.file ?? file ? { file: raw.file ?? file } : {}),
    related: (raw.related ?? []).map((r) => (r.file === undefined && file !== undefined ? { ...r, file } : r)),
    data: raw.data ?? {},
  };
}

function analysisFiles(effective: EffectiveConfig): Map<string, AnalysisFile> {
  const files = new Map<string, AnalysisFile>();
  for (const source of effective.assembled.sources) {
    if (source.kind === 'include') files.set(source.path, { path: source.path, kind: 'include', text: source.doc.text, lines: source.doc.lines });
  }
  for (const source of effective.dotenv) files.set(source.path, { path: source.path, kind: 'dotenv', text: source.doc.text, lines: new LineIndex(source.doc.text) });
  if (effective.serviceSources) {
    for (const source of allServiceSources(effective.serviceSources)) if (!files.has(source.path)) files.set(source.path, { path: source.path, kind: 'service', text: source.text, lines: new LineIndex(source.text) });
  }
  return files;
}

export function analyzeDocument(doc: ConfigDocument, options: AnalyzeOptions): Analysis {
  const effective = assembleEffectiveConfig({
    doc,
    configPath: options.configPath ?? '',
    clientEnv: options.env,
    gatewayEnv: options.gatewayEnv,
    gatewayEnvFile: options.gatewayEnvFile,
    reader: options.reader,
    home: options.home,
    cwd: options.cwd,
    uid: options.uid,
    serviceDiscovery: options.serviceDiscovery,
  });
  const model = doc.root ? buildGatewayModel(doc, { env: options.env, inContainer: options.inContainer ?? false, effective }) : undefined;
  const rules = options.rules ?? RULES;
  const openclawVersion = resolveOpenclawVersion({ ...options.openclawVersion, configMeta: options.openclawVersion?.configMeta ?? configMetaVersion(doc.root) });
  const includes: ConfigSource[] = effective.assembled.sources.filter((s) => s.kind === 'include');
  const byFile = new Map<string | undefined, Finding[]>([[undefined, []]]);
  const push = (finding: Finding): void => {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  };
  for (const rule of rules) {
    const { meta } = rule;
    const setting = options.severities?.[meta.code];
    if (setting === 'off') continue;
    const base: RuleContext = { doc, model, env: options.env, rules, source: effective.assembled.main, network: options.network, listenerAt: options.listenerAt, openclawVersion, schema: options.schema };
    if (doc.root || meta.runsWithoutTree) for (const raw of rule.check(base)) push(finish(rule, raw, setting, undefined));
    if (meta.scope !== 'document') continue;
    for (const source of includes) {
      if (!source.doc.root && !meta.runsWithoutTree) continue;
      for (const raw of rule.check({ ...base, doc: source.doc, source })) push(finish(rule, raw, setting, source.path));
    }
  }
  const findings: Finding[] = [];
  for (const [file, list] of byFile) {
    const source = file === undefined ? effective.assembled.main : includes.find((s) => s.path === file);
    // Suppression comments live in JSON documents; `.env` findings are kept as they are.
    const kept = source ? applySuppressions(source.doc, list, rules, options.severities) : list;
    // One push per finding: a spread of 150,000 arguments overflows the stack.
    for (const f of kept) findings.push(file !== undefined && f.file === undefined ? { ...f, file } : f);
  }
  findings.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.offset - b.offset);
  return { doc, model, findings, effective, files: analysisFiles(effective), openclawVersion };
}

/** Parses and analyzes a config text in one call. */
export function analyzeConfig(text: string, options: AnalyzeOptions): Analysis {
  return analyzeDocument(parseConfigDocument(text), options);
}
