import { findValueAtPath, stringValue, type JsonNode } from '../jsonTree';

/**
 * Which OpenClaw release the user runs, and how we know. OpenClaw's behaviour changed between
 * releases (shared/reference/openclaw-versions.md): the rules pick their message by the version
 * resolved here. Pure: the facts are gathered elsewhere (installedOpenclaw.ts, the probe, the
 * settings) and handed in, so the engine never touches the disk or the network for them.
 */

/** A release number as OpenClaw writes it: year.month.patch (2026.4.8), optionally with a suffix. */
export interface ParsedVersion {
  readonly parts: readonly [number, number, number];
  /** The number as written (suffix such as "-beta.1" kept). */
  readonly text: string;
}

/**
 * Reads "2026.4.8", "v2026.4.8", "OpenClaw 2026.4.8 (9ece252)" or "2026.4.8-beta.1". "dev"
 * (early gateways without OPENCLAW_VERSION) and anything that is not a calendar release give
 * undefined: a guess would pick the wrong message.
 */
export function parseOpenclawVersion(text: string | null | undefined): ParsedVersion | undefined {
  if (typeof text !== 'string' || text.length > 200) return undefined;
  const match = /(?:^|[^\w.])v?(\d{4})\.(\d{1,2})\.(\d{1,4})(-[0-9A-Za-z.]{1,40})?(?![\w.])/.exec(text.trim());
  if (!match) return undefined;
  const parts: [number, number, number] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (parts[0] < 2000 || parts[1] < 1 || parts[1] > 12) return undefined;
  return { parts, text: `${parts.join('.')}${match[4] ?? ''}` };
}

/** Compares two releases by their numbers (suffixes are not ordered: a beta counts as its release). */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i] - b.parts[i];
  return 0;
}

export type VersionSource = 'setting' | 'flag' | 'gateway' | 'cli-install' | 'config-meta' | 'unknown';

/** What is known about the versions in play; every field is optional (unknown until gathered). */
export interface VersionFacts {
  /** `openclawGuard.openclawVersion` (machine setting). */
  setting?: string;
  /** `--openclaw-version` on the command line. */
  flag?: string;
  /** The running gateway, from hello-ok (`server.version`, `server.buildId` from 2026.8). */
  gateway?: { version?: string | null; buildId?: string | null };
  /** The installed CLI: its package.json version and where it was found. */
  cliInstall?: { version: string; path: string };
  /** `meta.lastTouchedVersion` of the config: the release that last wrote the file. */
  configMeta?: string;
}

/** A fact that was present but not used, and why (shown so a user can tell what was considered). */
export interface IgnoredVersionFact {
  source: Exclude<VersionSource, 'unknown'>;
  value: string;
  reason: 'not-a-release' | 'overridden';
}

export interface ResolvedOpenclawVersion {
  /** The release the rules describe; undefined when nothing names one. */
  version?: string;
  source: VersionSource;
  /** Where the source was read: the CLI's package.json path, the gateway's build id. */
  detail?: string;
  /**
   * The release of the CLI a user runs (`openclaw …` commands: token order). The stated version
   * when one is stated, else the installed CLI's, else `version`.
   */
  cliVersion?: string;
  cliSource: VersionSource;
  /** The running gateway and the installed CLI are different releases (a service not restarted after an update). */
  gatewayCliMismatch?: { gateway: string; cli: string };
  ignored: IgnoredVersionFact[];
}

interface Candidate {
  source: Exclude<VersionSource, 'unknown'>;
  raw: string | null | undefined;
  detail?: string;
}

/**
 * Picks the release that applies. A version the user states wins (the flag over the setting);
 * otherwise the running gateway (it is what answers), then the installed CLI, then the release
 * that last wrote the config. The facts are gathered cheapest first by the callers; this only
 * decides between them.
 */
export function resolveOpenclawVersion(facts: VersionFacts): ResolvedOpenclawVersion {
  const candidates: Candidate[] = [
    { source: 'flag', raw: facts.flag },
    { source: 'setting', raw: facts.setting },
    { source: 'gateway', raw: facts.gateway?.version, detail: facts.gateway?.buildId ?? undefined },
    { source: 'cli-install', raw: facts.cliInstall?.version, detail: facts.cliInstall?.path },
    { source: 'config-meta', raw: facts.configMeta },
  ];
  const ignored: IgnoredVersionFact[] = [];
  const usable: Array<Candidate & { parsed: ParsedVersion }> = [];
  for (const candidate of candidates) {
    if (candidate.raw === undefined || candidate.raw === null || candidate.raw.trim() === '') continue;
    const parsed = parseOpenclawVersion(candidate.raw);
    // A stated value is the user's words; any other text may come from a file or a gateway: cut it.
    if (!parsed) ignored.push({ source: candidate.source, value: candidate.raw.trim().slice(0, 40), reason: 'not-a-release' });
    else usable.push({ ...candidate, parsed });
  }
  const chosen = usable[0];
  for (const other of usable.slice(1)) ignored.push({ source: other.source, value: other.parsed.text, reason: 'overridden' });
  const gateway = usable.find((c) => c.source === 'gateway');
  const cli = usable.find((c) => c.source === 'cli-install');
  const stated = usable.find((c) => c.source === 'flag' || c.source === 'setting');
  const cliChoice = stated ?? cli ?? chosen;
  return {
    ...(chosen ? { version: chosen.parsed.text } : {}),
    source: chosen?.source ?? 'unknown',
    ...(chosen?.detail ? { detail: chosen.detail } : {}),
    ...(cliChoice ? { cliVersion: cliChoice.parsed.text } : {}),
    cliSource: cliChoice?.source ?? 'unknown',
    ...(gateway && cli && compareVersions(gateway.parsed, cli.parsed) !== 0 ? { gatewayCliMismatch: { gateway: gateway.parsed.text, cli: cli.parsed.text } } : {}),
    ignored,
  };
}

/** `meta.lastTouchedVersion` of a config document (undefined when absent or not a string). */
export function configMetaVersion(root: JsonNode | undefined): string | undefined {
  return stringValue(findValueAtPath(root, ['meta', 'lastTouchedVersion']));
}
