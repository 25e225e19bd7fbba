import { existsSync } from 'node:fs';
import { analyzeConfig } from '../core/analyze';
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
}

interface CheckArgs {
  files: string[];
  format: 'text' | 'json';
  lang?: string;
  severities: Partial<Record<RuleCode, SeveritySetting>>;
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
    '  -h, --help             ' + t('show this help'),
    '  -v, --version          ' + t('show the version'),
    '',
    t('Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file.'),
  ].join('\n');
}

function parseCheckArgs(args: string[]): CheckArgs {
  const out: CheckArgs = { files: [], format: 'text', severities: {} };
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
      case '--':
        out.files.push(...args.slice(i + 1));
        i = args.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(t('Unknown option {0}', arg));
        out.files.push(arg);
    }
  }
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

function runCheck(args: string[], io: CliIo): number {
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
  const inContainer = detectContainer(io.env);
  const reports: FileReport[] = [];
  let exit = 0;
  for (const file of files) {
    const read = readConfigFile(file);
    if (!read.ok) {
      reports.push({ path: file, diagnostics: [], error: read.reason });
      exit = 2;
      continue;
    }
    const analysis = analyzeConfig(read.text, { env: io.env, inContainer, severities: parsed.severities });
    const diagnostics = toJsonDiagnostics(analysis.doc, analysis.findings);
    if (exit === 0 && diagnostics.some((d) => d.severity === 'error')) exit = 1;
    reports.push({ path: file, diagnostics });
  }
  if (parsed.format === 'json') {
    io.stdout(JSON.stringify({ files: reports.map((r) => (r.error ? { path: r.path, error: r.error, diagnostics: [] } : { path: r.path, diagnostics: r.diagnostics })) }));
  } else {
    io.stdout(formatText(reports, io.isTty && !io.env.NO_COLOR));
  }
  return exit;
}

export function runCli(io: CliIo): number {
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
    return runCheck(rest, io);
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
  const code = runCli({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: (text) => process.stdout.write(text + '\n'),
    stderr: (text) => process.stderr.write(text + '\n'),
    isTty: Boolean(process.stdout.isTTY),
  });
  process.exitCode = code;
}
