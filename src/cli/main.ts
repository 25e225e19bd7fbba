import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { schemaCacheDir, SchemaStore, schemaTarget } from '../core/schema/installedSchema';
import { findInstalledOpenclaw } from '../core/version/installedOpenclaw';
import { resolveOpenclawVersion } from '../core/version/openclawVersion';
import { versionJson } from '../core/version/versionText';
import { detectContainer, detectNetworkFacts, openclawHome, resolveConfigPath } from '../core/hostFacts';
import { detectPortListener } from '../core/portListener';
import { catalogueTranslator, english, msg, type Translator } from '../core/messages';
import { describeRules, severityLabel } from '../core/rules/ruleCatalog';
import { RULES } from '../core/rules/ruleTable';
import type { RuleDefinition } from '../core/rules/ruleTypes';
import zhCn from '../../l10n/bundle.l10n.zh-cn.json';
import { parseCheckArgs, parseRulesArgs, parseSourcesArgs, UsageError, type CheckArgs } from './args';
import type { WriteOps } from './atomicWrite';
import { checkFile, type CheckOptions, type FileCheck } from './checkFile';
import { checkGateway } from './gatewayCheck';
import { diagnosisJson, formatProbeText, formatText, formatVersionText, probeJson, reportsOf, type FileReport } from './report';
import { runReader, type RunReader } from './runReader';
import { formatSourceMap, mapSources, sourceMapJson, sourcesExitCode } from './sourceMapReport';
import { VERSION } from './version';
import { neutralizeControls, neutralizeLines } from '../core/safeText';

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  /** Tests inject failing file operations here. */
  writeOps?: WriteOps;
  /** The rule table; the built-in one unless a test brings its own. */
  rules?: readonly RuleDefinition[];
  /** The working directory (its `.env` is the client's); process.cwd() unless a test sets one. */
  cwd?: string;
}

/** zh-CN when asked for, or when the locale says Chinese; English otherwise. */
export function pickLanguage(explicit: string | undefined, env: NodeJS.ProcessEnv): 'en' | 'zh-cn' {
  const value = (explicit ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? env.LANGUAGE ?? '').toLowerCase();
  return value.startsWith('zh') ? 'zh-cn' : 'en';
}

function translatorFor(explicit: string | undefined, env: NodeJS.ProcessEnv): Translator {
  return pickLanguage(explicit, env) === 'zh-cn' ? catalogueTranslator(zhCn) : english;
}

function usage(tr: Translator): string {
  return [
    tr('Usage: openclaw-guard check [FILE...] [options]'),
    '       openclaw-guard rules [--format text|json]',
    '       openclaw-guard sources [FILE] [--source PATH]... [--no-sources] [--format text|json] [--lang en|zh-cn]',
    '',
    tr('Checks OpenClaw gateway configs (openclaw.json) for token and auth problems.'),
    tr('Without FILE it checks the config OpenClaw itself would use ($OPENCLAW_CONFIG_PATH, $OPENCLAW_STATE_DIR/openclaw.json, ~/.openclaw/openclaw.json).'),
    '',
    tr('Options:'),
    '  --format text|json     ' + tr('output format (default: text)'),
    '  --lang en|zh-cn        ' + tr('message language (default: from LANG/LC_ALL)'),
    '  --rule CODE=SEVERITY   ' + tr('override a rule: error, warning, information, hint or off'),
    '  --fix                  ' + tr('apply the safe fixes in place (never generates or rotates a secret)'),
    '  --fix-dry-run          ' + tr('print the diff the safe fixes would make, write nothing'),
    '  --probe                ' + tr('also ask the running gateway whether it accepts the configured token'),
    '  --diagnose             ' + tr('with a rejected token: find which configured secret the gateway accepts'),
    '  --url URL              ' + tr('probe this gateway URL instead of the configured one'),
    '  --allow-insecure       ' + tr('allow sending the secret over ws:// to a host that is not loopback'),
    '  --allow-env-secret NAME ' + tr('allow sending a secret read from the environment variable NAME (repeatable)'),
    '  --gateway-env-file FILE ' + tr("read the gateway's environment from FILE (KEY=value lines, as a systemd EnvironmentFile or .env) instead of this shell's"),
    '  --source PATH          ' + tr('also check this service unit, environment file, launchd plist or shell profile (repeatable)'),
    '  --no-sources           ' + tr('do not look for gateway service units, launchd agents and shell profiles'),
    '  --openclaw-version V   ' + tr('the OpenClaw release to describe (default: the running gateway with --probe, else the installed CLI, else meta.lastTouchedVersion)'),
    '  -h, --help             ' + tr('show this help'),
    '  -v, --version          ' + tr('show the version'),
    '',
    tr('FILE is read with everything OpenClaw reads along with it: its $include files, ~/.openclaw/.env, ~/.config/openclaw/gateway.env and env.vars. Findings in those files are reported under their own paths, and --fix edits the file where the value lives.'),
    tr('Without FILE it also reads the gateway services (systemd units running openclaw gateway with their EnvironmentFile= files, launchd agents with their service-env files) and the shell profiles (~/.bashrc, ~/.profile, ~/.zshrc, config.fish, …), never running them; with FILE only those named with --source.'),
    '',
    tr('`sources` maps every place the gateway token lives (config, includes, .env files, env.vars, this shell, and without FILE the gateway services and shell profiles) with its fingerprint, who takes it from there and whether it agrees with the effective token; exit 1 when a place in use disagrees.'),
    '',
    tr('Suppress a finding with a JSON5 comment: // openclaw-guard-disable-next-line CODE'),
    tr('Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file.'),
  ].join('\n');
}

/** The files to check: those named, else the one OpenClaw itself would read. */
function filesToCheck(parsed: CheckArgs, io: CliIo, tr: Translator): string[] | undefined {
  if (parsed.files.length > 0) return parsed.files;
  const resolved = resolveConfigPath(io.env);
  if (existsSync(resolved.path)) return [resolved.path];
  io.stderr(
    neutralizeControls(tr(msg('No OpenClaw config found at {0} (this is where OpenClaw looks: $OPENCLAW_CONFIG_PATH, then $OPENCLAW_STATE_DIR/openclaw.json, then ~/.openclaw/openclaw.json).', resolved.path))) +
      '\n' +
      tr('Try `npm run demo` to see OpenClaw Guard on an example, or pass a file: openclaw-guard check path/to/openclaw.json'),
  );
  return undefined;
}

function fileReports(check: FileCheck, tr: Translator): FileReport[] {
  if (check.readError || !check.analysis) return [{ path: check.path, diagnostics: [], error: tr(check.readError ?? '') }];
  return reportsOf(check.path, check.analysis, tr);
}

/** --gateway-env-file: read once, through the run's reader, so a fix in it is written like any other file. */
function gatewayEnvFile(path: string | undefined, reader: RunReader): { path: string; text: string } | undefined {
  if (path === undefined) return undefined;
  const read = reader.open(path);
  if (!read.ok) throw new UsageError(msg('--gateway-env-file: {0}', read.reason));
  return { path: resolve(path), text: read.text };
}

async function runCheck(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCheckArgs(args, io.rules);
  const tr = translatorFor(parsed.lang, io.env);
  if (parsed.help) {
    io.stdout(usage(tr));
    return 0;
  }
  const files = filesToCheck(parsed, io, tr);
  if (!files) return 2;
  if (parsed.probe && files.length > 1) throw new UsageError(msg('--probe and --diagnose take one config file'));
  const mode = parsed.fix ? 'fix' : parsed.fixDryRun ? 'dry-run' : 'none';
  // One reader for the whole run: every file is read once, and a fix writes what was analysed.
  const reader = runReader();
  for (const named of parsed.sources) {
    const read = reader.open(named);
    if (!read.ok) throw new UsageError(msg('--source: {0}', read.reason));
  }
  // Without FILE the active config's services and profiles are looked for; with FILE only the named ones are read.
  const discover = parsed.files.length === 0 && parsed.discoverSources;
  const serviceDiscovery = discover || parsed.sources.length > 0 ? { discover, explicitPaths: parsed.sources.map((p) => resolve(p)), user: io.env.USER ?? io.env.LOGNAME } : undefined;
  const sources = {
    reader,
    gatewayEnvFile: gatewayEnvFile(parsed.gatewayEnvFile, reader),
    home: openclawHome(io.env),
    cwd: io.cwd ?? process.cwd(),
    uid: process.getuid?.(),
    serviceDiscovery,
  };
  const found = findInstalledOpenclaw(io.env);
  const installed = found ? { version: found.version, path: found.path } : undefined;
  const options: CheckOptions = {
    ...sources,
    env: io.env,
    inContainer: detectContainer(io.env),
    severities: parsed.severities,
    rules: io.rules,
    network: detectNetworkFacts(io.env),
    // Who listens on the port is a fact of this machine: asked only for the active config.
    listenerAt: discover ? (port: number) => detectPortListener(port) : undefined,
    writeOps: io.writeOps,
    // Cheapest first: the flag costs nothing, the installed CLI one file read; the running gateway
    // is asked only with --probe, below.
    openclawVersion: { flag: parsed.openclawVersion, cliInstall: installed },
  };
  // Judged by the schema of the release in use: generated once from its install, then cached.
  const schemas = new SchemaStore({ cacheDir: schemaCacheDir(io.env) });
  options.schema = (await schemas.ready(schemaTarget(resolveOpenclawVersion(options.openclawVersion ?? {}), installed))).tree;
  let checks = files.map((file) => checkFile(file, mode, options));

  // The model the findings came from: a token that lives in a `.env` file is the one probed.
  const model = checks[0]?.analysis?.model;
  const gateway =
    parsed.probe && model
      ? await checkGateway(model, { env: io.env, url: parsed.url, allowInsecure: parsed.allowInsecure, diagnose: parsed.diagnose, configPath: files[0], allowEnvSecrets: parsed.allowEnvSecrets, sources })
      : undefined;
  if (gateway?.probe.gatewayVersion && mode === 'none') {
    // The running gateway is the best witness of what the gateway does: with its release known,
    // the findings are read again for it (a fix run keeps what it wrote).
    const facts = { ...options.openclawVersion, gateway: { version: gateway.probe.gatewayVersion, buildId: gateway.probe.server?.buildId } };
    const schema = (await schemas.ready(schemaTarget(resolveOpenclawVersion(facts), installed))).tree;
    const again = checkFile(files[0], mode, { ...options, openclawVersion: facts, schema });
    if (again.analysis) checks = [again];
  }
  const reports = checks.flatMap((c) => fileReports(c, tr));
  const fixLines = checks.flatMap((c) => c.fixOutput.map((line) => tr(line)));
  let exit = checks.some((c) => c.readError || c.writeFailed) ? 2 : reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
  if (parsed.probe && exit === 0) exit = !gateway ? 2 : gateway.probe.state !== 'authorized' ? 1 : 0;
  const resolvedVersion = checks[0]?.analysis?.openclawVersion;

  if (parsed.format === 'json') {
    const document: Record<string, unknown> = { files: reports.map((r) => (r.error ? { path: r.path, error: r.error, diagnostics: [] } : { path: r.path, diagnostics: r.diagnostics })) };
    if (mode !== 'none') document.fixes = fixLines;
    if (resolvedVersion) document.openclaw = versionJson(resolvedVersion);
    if (gateway) document.probe = probeJson(gateway.probe, tr);
    if (gateway?.diagnosis) document.diagnosis = diagnosisJson(gateway.diagnosis, tr);
    io.stdout(JSON.stringify(document));
    return exit;
  }
  // Fix lines name files and keys and a diff shows file content: control characters are escaped.
  if (fixLines.length > 0) io.stdout(neutralizeLines(fixLines.join('\n')) + '\n');
  io.stdout(formatText(reports, { color: io.isTty && !io.env.NO_COLOR, tr }));
  if (gateway) io.stdout('\n' + formatProbeText(gateway.probe, gateway.diagnosis, tr));
  if (resolvedVersion && (gateway || parsed.openclawVersion)) io.stdout('\n' + formatVersionText(resolvedVersion, tr));
  return exit;
}

/** `openclaw-guard rules`: the rule table, for people and for CI. */
function runRules(args: string[], io: CliIo): number {
  const parsed = parseRulesArgs(args);
  const tr = translatorFor(parsed.lang, io.env);
  if (parsed.help) {
    io.stdout(usage(tr));
    return 0;
  }
  const rows = describeRules(io.rules ?? RULES, tr);
  if (parsed.format === 'json') {
    io.stdout(JSON.stringify({ rules: rows }));
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.code.length));
  const lines = rows.map((r) => {
    const fixes = r.fixes.length === 0 ? '' : ` [${r.fixes.some((f) => f.safe) ? tr('safe fix') : tr('quick fix')}]`;
    return `${r.code.padEnd(width)}  ${severityLabel(r.defaultSeverity, tr).padEnd(7)}  ${r.summary}${fixes}`;
  });
  io.stdout(lines.join('\n'));
  return 0;
}

/** `openclaw-guard sources`: where the gateway secret lives, for people and for CI. */
function runSources(args: string[], io: CliIo): number {
  const parsed = parseSourcesArgs(args);
  const tr = translatorFor(parsed.lang, io.env);
  if (parsed.help) {
    io.stdout(usage(tr));
    return 0;
  }
  const reader = runReader();
  for (const named of parsed.sources) {
    const read = reader.open(named);
    if (!read.ok) throw new UsageError(msg('--source: {0}', read.reason));
  }
  // As `check`: without FILE the active config's services and profiles are looked for; with FILE only the named ones are read.
  const discover = parsed.file === undefined && parsed.discoverSources;
  const discovery = discover || parsed.sources.length > 0 ? { discover, explicitPaths: parsed.sources.map((p) => resolve(p)), user: io.env.USER ?? io.env.LOGNAME } : undefined;
  const outcome = mapSources(parsed, io.env, reader, io.cwd ?? process.cwd(), tr, undefined, { discovery, ...(discover ? { listenerAt: (port: number) => detectPortListener(port) } : {}) });
  if (!outcome.ok) {
    io.stderr(neutralizeControls(outcome.error));
    return 2;
  }
  if (parsed.format === 'json') io.stdout(JSON.stringify(sourceMapJson(outcome.map, outcome.config, outcome.text, tr)));
  else io.stdout(formatSourceMap(outcome.map, outcome.config, tr, io.isTty && !io.env.NO_COLOR));
  return sourcesExitCode(outcome.map);
}

export async function runCli(io: CliIo): Promise<number> {
  const [command, ...rest] = io.argv;
  const tr = translatorFor(undefined, io.env);
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout(usage(tr));
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      io.stdout(VERSION);
      return 0;
    }
    if (command === 'rules') return runRules(rest, io);
    if (command === 'sources') return runSources(rest, io);
    if (command !== 'check') throw new UsageError(msg('Unknown command "{0}"; the commands are: openclaw-guard check [FILE...], openclaw-guard rules, openclaw-guard sources [FILE]', command));
    return await runCheck(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`openclaw-guard: ${neutralizeControls(tr(error.detail))}\n${tr('Run openclaw-guard --help for usage.')}`);
      return 2;
    }
    // Never a stack trace for a user: one line, and the details only when asked for.
    io.stderr(neutralizeControls(tr(msg('openclaw-guard: unexpected failure: {0}', error instanceof Error ? error.message : String(error)))));
    if (io.env.OPENCLAW_GUARD_DEBUG) io.stderr(String(error instanceof Error ? error.stack : error));
    return 2;
  }
}

if (require.main === module) {
  // `openclaw-guard check | head` closes the pipe early: that is the reader's choice, not a failure
  // to report with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void runCli({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: (text) => process.stdout.write(text + '\n'),
    stderr: (text) => process.stderr.write(text + '\n'),
    isTty: Boolean(process.stdout.isTTY),
  }).then((code) => {
    process.exitCode = code;
  });
}
