import { msg, type Message } from '../messages';
import type { ResolvedOpenclawVersion, VersionSource } from './openclawVersion';

/** Where a version came from, in words ("from the running gateway"). */
export function versionSourceText(source: VersionSource, detail?: string): Message {
  switch (source) {
    case 'flag':
      return msg('from --openclaw-version');
    case 'setting':
      return msg('from the setting openclawGuard.openclawVersion');
    case 'gateway':
      return detail ? msg('from the running gateway, build {0}', detail) : msg('from the running gateway');
    case 'cli-install':
      return detail ? msg('from the installed CLI, {0}', detail) : msg('from the installed CLI');
    case 'config-meta':
      return msg("from the config's meta.lastTouchedVersion");
    case 'unknown':
      return msg('not known');
  }
}

/** "OpenClaw 2026.9.6 (from the running gateway)", or what an unknown release means for the findings. */
export function describeOpenclawVersion(resolved: ResolvedOpenclawVersion): Message {
  if (!resolved.version) return msg('OpenClaw release not known: findings say what each release range does. State it with openclawGuard.openclawVersion or --openclaw-version.');
  return msg('OpenClaw {0} ({1})', resolved.version, versionSourceText(resolved.source, resolved.detail));
}

/** The running gateway is another release than the installed CLI: a real cause of token mismatches. */
export function versionMismatchText(resolved: ResolvedOpenclawVersion): Message | undefined {
  const m = resolved.gatewayCliMismatch;
  if (!m) return undefined;
  return msg('The running gateway is OpenClaw {0} but the installed CLI is {1}: a service not restarted after an update? Restart the gateway (`openclaw gateway restart`) so both run the same release.', m.gateway, m.cli);
}

/** The JSON form of a resolved version (the CLI's `openclaw` object). */
export function versionJson(resolved: ResolvedOpenclawVersion): Record<string, unknown> {
  return {
    version: resolved.version ?? null,
    source: resolved.source,
    ...(resolved.detail ? { detail: resolved.detail } : {}),
    cliVersion: resolved.cliVersion ?? null,
    cliSource: resolved.cliSource,
    ...(resolved.gatewayCliMismatch ? { gatewayCliMismatch: resolved.gatewayCliMismatch } : {}),
  };
}
