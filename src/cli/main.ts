import { existsSync } from 'node:fs';
import { analyzeConfig } from '../core/analyze';
import { parseConfigDocument } from '../core/configDocument';
import { fixAll } from '../core/fixes/applyFixes';
import { buildGatewayModel, candidateCredentials, type GatewayModel } from '../core/gatewayModel';
import { diagnoseGateway, type Diagnosis } from '../core/probe/diagnose';
import { probeGateway, type ProbeResult } from '../core/probe/probeGateway';
import { resolveProbeTarget } from '../core/probe/probeTarget';
import { fingerprint } from '../core/secretValues';
import { writeFileAtomic, type WriteOps } from './atomicWrite';
import { unifiedDiff } from './unifiedDiff';
import { detectContainer, resolveConfigPath } from '../core/hostFacts';
import { catalogueTranslator, setTranslator, t } from '../core/i18n';
import { RULE_CODES, type RuleCode, type SeveritySetting } from '../core/rules/ruleTypes';
import zhCn from '../../l10n/bundle.l10n.zh-cn.json';
import { readConfigFile } from './readConfigFile';
import { formatText, toJsonDiagnostics, type FileReport } from './report';

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  /** Tests inject failing file operations here. */
  writeOps?: WriteOps;
}

interface CheckArgs {
  files: string[];
  format: 'text' | 'json';
  lang?: string;
  severities: Partial<Record<RuleCode, SeveritySetting>>;
  fix: boolean;
  fixDryRun: boolean;
  probe: boolean;
  diagnose: boolean;
  url?: string;
  allowInsecure: boolean;
}

class UsageError extends Error {}

const VERSION = '0.1.0';

function usage(): string {
  return [
    t('Usage: openclaw-guard check [FILE...] [options]'),
    '',
    t('Checks OpenClaw gateway configs (openclaw.json) for token and auth problems.'),
    t('Without FILE it checks the config OpenClaw itself would use ($OPENCLAW_CONFIG_PATH, $OPENCLAW_STATE_DIR/openclaw.json, ~/.openclaw/openclaw.json).'),
    '',
    t('Options:'),
    '  --format text|json     ' + t('output format (default: text)'),
    '  --lang en|zh-cn        ' + t('message language (default: from LANG/LC_ALL)'),
    '  --rule CODE=SEVERITY   ' + t('override a rule: error, warning, information, hint or off'),
    '  --fix                  ' + t('apply the safe fixes in place (never generates or rotates a secret)'),
    '  --fix-dry-run          ' + t('print the diff the safe fixes would make, write nothing'),
    '  --probe                ' + t('also ask the running gateway whether it accepts the configured token'),
    '  --diagnose             ' + t('with a rejected token: find which configured secret the gateway accepts'),
    '  --url URL              ' + t('probe this gateway URL instead of the configured one'),
    '  --allow-insecure       ' + t('allow sending the secret over ws:// to a host that is not loopback'),
    '  -h, --help             ' + t('show this help'),
    '  -v, --version          ' + t('show the version'),
    '',
    t('Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file.'),
  ].join('\n');
}

function parseCheckArgs(args: string[]): CheckArgs {
  const out: CheckArgs = { files: [], format: 'text', severities: {}, fix: false, fixDryRun: false, probe: false, diagnose: false, allowInsecure: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const next = (): string => {
      if (inline !== undefined) return inline;
      const value = args[++i];
      if (value === undefined) throw new UsageError(t('{0} needs a value', flag));
      return value;
    };
    switch (flag) {
      case '--format': {
        const value = next();
        if (value !== 'text' && value !== 'json') throw new UsageError(t('--format must be text or json, not "{0}"', value));
        out.format = value;
        break;
      }
      case '--lang':
        out.lang = next();
        break;
      case '--rule': {
        const value = next();
        const match = /^([a-z0-9-]+)=(error|warning|information|hint|off|default)$/.exec(value);
        if (!match || !(RULE_CODES as readonly string[]).includes(match[1])) {
          throw new UsageError(t('--rule takes CODE=SEVERITY with a known rule code, not "{0}"', value));
        }
        out.severities[match[1] as RuleCode] = match[2] as SeveritySetting;
        break;
      }
      case '--fix':
        out.fix = true;
        break;
      case '--fix-dry-run':
        out.fixDryRun = true;
        break;
      case '--probe':
        out.probe = true;
        break;
      case '--diagnose':
        out.probe = true;
        out.diagnose = true;
        break;
      case '--url':
        out.url = next();
        break;
      case '--allow-insecure':
        out.allowInsecure = true;
        break;
      case '--':
        out.files.push(...args.slice(i + 1));
        i = args.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(t('Unknown option {0}', arg));
        out.files.push(arg);
    }
  }
  if (out.fix && out.fixDryRun) throw new UsageError(t('--fix and --fix-dry-run cannot be combined'));
  return out;
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

/** zh-CN when asked for, or when the locale says Chinese; English otherwise. */
export function pickLanguage(explicit: string | undefined, env: NodeJS.ProcessEnv): 'en' | 'zh-cn' {
  const value = (explicit ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? env.LANGUAGE ?? '').toLowerCase();
  return value.startsWith('zh') ? 'zh-cn' : 'en';
}

function applyLanguage(lang: 'en' | 'zh-cn'): void {
  setTranslator(lang === 'zh-cn' ? catalogueTranslator(zhCn as Record<string, string>) : undefined);
}

async function runCheck(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCheckArgs(args);
  applyLanguage(pickLanguage(parsed.lang, io.env));
  let files = parsed.files;
  if (files.length === 0) {
    const resolved = resolveConfigPath(io.env);
    if (!existsSync(resolved.path)) {
      io.stderr(
        t('No OpenClaw config found at {0} (this is where OpenClaw looks: $OPENCLAW_CONFIG_PATH, then $OPENCLAW_STATE_DIR/openclaw.json, then ~/.openclaw/openclaw.json).', resolved.path) +
          '\n' +
          t('Try `npm run demo` to see OpenClaw Guard on an example, or pass a file: openclaw-guard check path/to/openclaw.json'),
      );
      return 2;
    }
    files = [resolved.path];
  }
  if (parsed.probe && files.length > 1) throw new UsageError(t('--probe and --diagnose take one config file'));
  const inContainer = detectContainer(io.env);
  const options = { env: io.env, inContainer, severities: parsed.severities };
  const reports: FileReport[] = [];
  const fixLines: string[] = [];
  let exit = 0;
  let probeModel: GatewayModel | undefined;
  for (const file of files) {
    const read = readConfigFile(file);
    if (!read.ok) {
      reports.push({ path: file, diagnostics: [], error: read.reason });
      exit = 2;
      continue;
    }
    let text = read.text;
    if (parsed.fix || parsed.fixDryRun) {
      const before = parseConfigDocument(text);
      if (!before.root) {
        fixLines.push(t('{0}: not fixed, the file does not parse', file));
      } else {
        const result = fixAll(text, options);
        if (result.text !== text) {
          if (parsed.fixDryRun) {
            const after = parseConfigDocument(result.text);
            const secrets = [...new Set([...secretsOf(buildGatewayModel(before, { env: io.env, inContainer }), io.env), ...(after.root ? secretsOf(buildGatewayModel(after, { env: io.env, inContainer }), io.env) : [])])];
            fixLines.push(scrubSecrets(unifiedDiff(file, text, result.text), secrets));
          } else {
            try {
              writeFileAtomic(file, result.text, io.writeOps);
            } catch (error) {
              fixLines.push(t('{0}: not fixed, writing failed ({1}); the file is unchanged', file, (error as NodeJS.ErrnoException).code ?? String(error)));
              exit = 2;
              reports.push({ path: file, diagnostics: toJsonDiagnostics(analyzeConfig(text, options).doc, analyzeConfig(text, options).findings) });
              continue;
            }
            for (const a of result.applied) fixLines.push(`${file}: ${t('fixed')} ${a.code}: ${a.title}`);
            text = result.text;
          }
        }
      }
    }
    const analysis = analyzeConfig(text, options);
    const diagnostics = toJsonDiagnostics(analysis.doc, analysis.findings);
    if (exit === 0 && diagnostics.some((d) => d.severity === 'error')) exit = 1;
    reports.push({ path: file, diagnostics });
    probeModel = analysis.model;
  }

  let probe: ProbeResult | undefined;
  let diagnosis: Diagnosis | undefined;
  if (parsed.probe && probeModel) {
    const target = resolveProbeTarget(probeModel, io.env, { urlOverride: parsed.url, allowInsecureRemote: parsed.allowInsecure });
    const clientVersion = VERSION;
    probe = await probeGateway({ url: target.url, credential: target.credential, refusal: target.refusal, clientVersion, tlsFingerprint: probeModel.tlsFingerprint });
    if (parsed.diagnose && !target.refusal) {
      const url = target.url;
      const tls = probeModel.tlsFingerprint;
      diagnosis = await diagnoseGateway({ first: probe, url, candidates: candidateCredentials(probeModel), probe: (credential) => probeGateway({ url, credential, clientVersion, tlsFingerprint: tls }) });
    }
    if (probe.state !== 'authorized' && exit === 0) exit = 1;
  } else if (parsed.probe && exit === 0) {
    exit = 2;
  }

  if (parsed.format === 'json') {
    const document: Record<string, unknown> = { files: reports.map((r) => (r.error ? { path: r.path, error: r.error, diagnostics: [] } : { path: r.path, diagnostics: r.diagnostics })) };
    if (parsed.fix || parsed.fixDryRun) document.fixes = fixLines;
    if (probe) {
      document.probe = {
        state: probe.state,
        code: probe.code,
        target: probe.target,
        credentialSource: probe.credentialSource,
        credentialFingerprint: probe.credentialFingerprint,
        latencyMs: probe.latencyMs,
        gatewayVersion: probe.gatewayVersion,
        message: probe.message,
        advice: probe.advice,
      };
    }
    if (diagnosis) document.diagnosis = diagnosis;
    io.stdout(JSON.stringify(document));
  } else {
    if (fixLines.length > 0) io.stdout(fixLines.join('\n') + '\n');
    io.stdout(formatText(reports, io.isTty && !io.env.NO_COLOR));
    if (probe) {
      io.stdout(
        `\n${t('Gateway')} ${probe.target}: ${probe.state}${probe.code ? ` (${probe.code})` : ''}${probe.gatewayVersion ? `, OpenClaw ${probe.gatewayVersion}` : ''}, ${probe.latencyMs} ms` +
          (probe.credentialSource ? `, ${probe.credentialSource} ${probe.credentialFingerprint ?? ''}` : '') +
          `\n  ${probe.message}` +
          (probe.state === 'authorized' ? '' : `\n  ${probe.advice}`),
      );
    }
    if (diagnosis) io.stdout(`${t('Diagnosis')}: ${diagnosis.verdict}${diagnosis.accepted ? ` (${t('accepted')}: ${diagnosis.accepted})` : ''}\n  ${diagnosis.advice}`);
  }
  return exit;
}

export async function runCli(io: CliIo): Promise<number> {
  const [command, ...rest] = io.argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      applyLanguage(pickLanguage(undefined, io.env));
      io.stdout(usage());
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      io.stdout(VERSION);
      return 0;
    }
    if (command !== 'check') throw new UsageError(t('Unknown command "{0}"; the command is: openclaw-guard check [FILE...]', command));
    if (rest.includes('-h') || rest.includes('--help')) {
      applyLanguage(pickLanguage(undefined, io.env));
      io.stdout(usage());
      return 0;
    }
    return await runCheck(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`openclaw-guard: ${error.message}\n${t('Run openclaw-guard --help for usage.')}`);
      return 2;
    }
    // Never a stack trace for a user: one line, and the details only when asked for.
    io.stderr(t('openclaw-guard: unexpected failure: {0}', error instanceof Error ? error.message : String(error)));
    if (io.env.OPENCLAW_GUARD_DEBUG) io.stderr(String(error instanceof Error ? error.stack : error));
    return 2;
  }
}

if (require.main === module) {
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
