import { resolve } from 'node:path';
import { analyzeConfig } from '../core/analyze';
import { LineIndex } from '../core/configDocument';
import type { EffectiveInputs } from '../core/effective/effectiveConfig';
import { detectContainer, openclawHome, resolveConfigPath } from '../core/hostFacts';
import type { PortListener } from '../core/portListener';
import { serviceMapExtras } from '../core/sourceMap/serviceSourceMap';
import { msg, type Translator } from '../core/messages';
import { neutralizeControls as safe } from '../core/safeText';
import { agreementName, collectSecretSources, modeName, READER_ORDER, readerName, secretKindName, type SecretSourceEntry, type SecretSourceMap, type SourceMapExtras } from '../core/sourceMap/sourceMap';
import type { SourcesArgs } from './args';
import type { RunReader } from './runReader';

/**
 * `openclaw-guard sources`: the map of every place the gateway secret lives, who takes it from
 * where, and whether each agrees with the effective secret. Fingerprints only, never a value.
 */

export interface JsonSource {
  id: string;
  kind: SecretSourceEntry['kind'];
  where: string;
  name: string;
  fingerprint: string | null;
  readers: SecretSourceEntry['readers'];
  agreement: SecretSourceEntry['agreement'];
  note?: string;
  /** Zero-based line and character of the value, as in `check --format json`. */
  location?: { file: string; line: number; character: number; offset: number; length: number };
  editable: boolean;
  notEditable?: string;
}

export interface JsonSourceMap {
  config: string;
  kind: SecretSourceMap['kind'];
  mode: SecretSourceMap['mode'];
  effective: { source: string | null; fingerprint: string | null; state: string; where: string | null };
  sources: JsonSource[];
}

export type SourcesOutcome = { ok: true; map: SecretSourceMap; config: string; text: (file: string) => string | undefined } | { ok: false; error: string };

/** Reads the config with everything it pulls in and maps its secret's places. */
/** Where service units and profiles come from: discovery and named files (as `check` has them), and who listens on the port. */
export interface SourcesServices {
  discovery?: EffectiveInputs['serviceDiscovery'];
  listenerAt?: (port: number) => PortListener;
}

export function mapSources(args: SourcesArgs, env: NodeJS.ProcessEnv, reader: RunReader, cwd: string, tr: Translator, given?: SourceMapExtras['external'], services: SourcesServices = {}): SourcesOutcome {
  const file = args.file ?? resolveConfigPath(env).path;
  const read = reader.open(file);
  if (!read.ok) return { ok: false, error: tr(read.reason) };
  const home = openclawHome(env);
  const uid = process.getuid?.();
  const configPath = resolve(file);
  const analysis = analyzeConfig(read.text, { env, inContainer: detectContainer(env), configPath, reader, home, cwd, uid, serviceDiscovery: services.discovery });
  if (!analysis.model) return { ok: false, error: tr(msg('{0} does not parse; fix the syntax errors first', file)) };
  const discovered = analysis.effective.serviceSources;
  const listener = discovered && services.listenerAt ? services.listenerAt(analysis.model.port.value) : undefined;
  const external: SourceMapExtras['external'] =
    given ?? (discovered ? serviceMapExtras(discovered, { configPath, ...(listener ? { listener } : {}), edit: { home, user: services.discovery?.user, uid } }) : undefined);
  const texts = new Map<string, string>([[resolve(file), read.text]]);
  for (const [path, known] of analysis.files) texts.set(path, known.text);
  for (const source of external?.sources ?? []) if (source.text !== undefined) texts.set(source.path, source.text);
  return { ok: true, map: collectSecretSources(analysis.model, { environment: 'shell', ...(external ? { external } : {}) }), config: file, text: (path) => texts.get(path) };
}

function readersText(entry: SecretSourceEntry, tr: Translator): string {
  return READER_ORDER.filter((r) => entry.readers.includes(r))
    .map((r) => tr(readerName(r)))
    .join(', ');
}

export function sourceMapJson(map: SecretSourceMap, config: string, text: (file: string) => string | undefined, tr: Translator): JsonSourceMap {
  return {
    config,
    kind: map.kind,
    mode: map.mode,
    effective: { source: map.effective.source ?? null, fingerprint: map.effective.fingerprint ?? null, state: map.effective.state, where: map.effective.label ? tr(map.effective.label) : null },
    sources: map.entries.map((entry) => {
      const out: JsonSource = {
        id: entry.id,
        kind: entry.kind,
        where: tr(entry.label),
        name: entry.name,
        fingerprint: entry.fingerprint ?? null,
        readers: READER_ORDER.filter((r) => entry.readers.includes(r)),
        agreement: entry.agreement,
        editable: entry.editor !== undefined,
      };
      if (entry.note) out.note = tr(entry.note);
      if (entry.notEditable) out.notEditable = tr(entry.notEditable);
      if (entry.location) {
        const body = text(entry.location.file);
        const position = body === undefined ? { line: 0, character: 0 } : new LineIndex(body).positionAt(entry.location.offset);
        out.location = { file: entry.location.file, line: position.line, character: position.character, ...{ offset: entry.location.offset, length: entry.location.length } };
      }
      return out;
    }),
  };
}

/** Columns as a terminal shows them: CJK characters take two cells. */
function width(text: string): number {
  let cells = 0;
  for (const ch of text) cells += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return cells;
}

function pad(text: string, cells: number): string {
  return text + ' '.repeat(Math.max(0, cells - width(text)));
}

const MARK: Record<SecretSourceEntry['agreement'], string> = { same: '✔', differs: '✖', unset: '○', unknown: '?' };

export function formatSourceMap(map: SecretSourceMap, config: string, tr: Translator, color: boolean): string {
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const effective = map.effective.fingerprint
    ? tr(msg('Effective {0} ({1}): {2} from {3}', secretKindName(map.kind), modeName(map.mode), map.effective.fingerprint, map.effective.label ?? map.effective.source ?? '-'))
    : tr(msg('Effective {0} ({1}): none that can be read here', secretKindName(map.kind), modeName(map.mode)));
  lines.push(paint('4', safe(config)), safe(effective), '');
  const rows = map.entries.map((entry) => [
    `${MARK[entry.agreement]} ${tr(agreementName(entry.agreement))}`,
    entry.fingerprint ?? '—',
    safe(entry.name),
    safe(tr(entry.label)),
    readersText(entry, tr) || '—',
  ]);
  const header = [tr('agreement'), tr('fingerprint'), tr('name'), tr('where'), tr('read by')];
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  lines.push(paint('2', header.map((h, i) => pad(h, widths[i])).join('  ').trimEnd()));
  map.entries.forEach((entry, i) => {
    const row = rows[i].map((cell, j) => pad(cell, widths[j])).join('  ').trimEnd();
    lines.push(entry.agreement === 'differs' ? paint('31', row) : entry.agreement === 'same' ? row : paint('2', row));
    if (entry.note) lines.push(`    ${paint('2', safe(tr(entry.note)))}`);
  });
  return lines.join('\n');
}

/** 1 when a place someone takes their secret from disagrees with the effective secret: they use different secrets. */
export function sourcesExitCode(map: SecretSourceMap): number {
  return map.entries.some((e) => e.agreement === 'differs' && e.readers.length > 0) ? 1 : 0;
}
