import * as vscode from 'vscode';
import { pairingCommands, type ProbeResult } from '../core/probe/probeGateway';
import type { ResolvedOpenclawVersion } from '../core/version/openclawVersion';
import { describeOpenclawVersion, versionMismatchText } from '../core/version/versionText';
import { render, t } from './localize';

/** How the status item looks for each state: text, colour and tooltip, from the state alone. */

export type StatusState = ProbeResult['state'] | 'checking' | 'no-config';

export interface StatusSnapshot {
  state: StatusState;
  code: string | null;
  target: string | null;
  credentialSource: string | null;
  checkedAt: number | null;
}

const ICONS: Record<StatusState, string> = {
  authorized: '$(pass-filled)',
  rejected: '$(error)',
  'rate-limited': '$(clock)',
  starting: '$(loading~spin)',
  offline: '$(debug-disconnect)',
  unreachable: '$(debug-disconnect)',
  'protocol-mismatch': '$(warning)',
  'no-credential': '$(key)',
  'refused-insecure': '$(shield)',
  'refused-untrusted': '$(shield)',
  'pairing-required': '$(person-add)',
  'device-identity-required': '$(lock)',
  'origin-not-allowed': '$(globe)',
  error: '$(warning)',
  checking: '$(sync~spin)',
  'no-config': '$(circle-slash)',
};

export function shortLabel(state: StatusState): string {
  switch (state) {
    case 'authorized':
      return t('OpenClaw: authorized');
    case 'rejected':
      return t('OpenClaw: token rejected');
    case 'rate-limited':
      return t('OpenClaw: rate-limited');
    case 'starting':
      return t('OpenClaw: starting');
    case 'offline':
      return t('OpenClaw: offline');
    case 'unreachable':
      return t('OpenClaw: unreachable');
    case 'protocol-mismatch':
      return t('OpenClaw: version mismatch');
    case 'no-credential':
      return t('OpenClaw: no token');
    case 'refused-insecure':
      return t('OpenClaw: insecure URL');
    case 'refused-untrusted':
      return t('OpenClaw: secret not sent');
    case 'pairing-required':
      return t('OpenClaw: pairing required');
    case 'device-identity-required':
      return t('OpenClaw: device identity required');
    case 'origin-not-allowed':
      return t('OpenClaw: origin not allowed');
    case 'error':
      return t('OpenClaw: error');
    case 'checking':
      return t('OpenClaw: checking…');
    case 'no-config':
      return t('OpenClaw: no config');
  }
}

export function statusText(state: StatusState): string {
  return `${ICONS[state]} ${shortLabel(state)}`;
}

/** Colour only where the user must act: a rejected or refused secret, a lockout, a version gap. */
export function statusBackground(state: StatusState): vscode.ThemeColor | undefined {
  if (state === 'rejected' || state === 'refused-insecure') return new vscode.ThemeColor('statusBarItem.errorBackground');
  if (state === 'rate-limited' || state === 'protocol-mismatch' || state === 'pairing-required' || state === 'device-identity-required' || state === 'origin-not-allowed') return new vscode.ThemeColor('statusBarItem.warningBackground');
  return undefined;
}

/**
 * The tooltip. `gatewayChange` is the latest "a different gateway answered" note for this target
 * (already translated), shown as information, never as an error; `version` is the OpenClaw release
 * the findings describe and how it was learnt.
 */
export function statusTooltip(snapshot: StatusSnapshot, r: ProbeResult | undefined, problem: string | undefined, gatewayChange?: string, version?: ResolvedOpenclawVersion): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['openclawGuard.checkGateway', 'openclawGuard.diagnoseGateway', 'openclawGuard.openConfig', 'openclawGuard.showLog', 'openclawGuard.approvePairing', 'openclawGuard.openDashboard'] };
    md.appendMarkdown(`**${shortLabel(snapshot.state)}**\n\n`);
    if (snapshot.state === 'no-config') {
      md.appendText(problem ?? t('No OpenClaw config found.'));
      md.appendMarkdown('\n\n');
    } else if (r) {
      const rows: Array<[string, string]> = [
        [t('Gateway'), r.target],
        [t('State'), r.code ? `${r.state} (${r.code})` : r.state],
        [t('Credential'), r.credentialSource ? `${r.credentialSource}${r.credentialFingerprint ? ` · ${r.credentialFingerprint}` : ''}` : t('none')],
        [t('Latency'), `${r.latencyMs} ms`],
        [t('Gateway version'), r.gatewayVersion ?? t('unknown')],
        [t('Protocol'), r.protocol === null ? t('unknown') : String(r.protocol)],
        [t('Checked'), snapshot.checkedAt ? new Date(snapshot.checkedAt).toLocaleTimeString() : '–'],
      ];
      // Each of these has been checked for its shape and against every known secret (gatewayText.ts).
      if (r.server?.buildId) rows.splice(5, 0, [t('Build'), r.server.buildId]);
      if (r.pairing?.deviceId) rows.push([t('Device'), r.pairing.deviceId]);
      if (r.pairing?.requestId) rows.push([t('Pairing request'), r.pairing.requestId]);
      if (r.authReason) rows.push([t('Auth reason'), r.authReason]);
      md.appendMarkdown(`| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | \`${v.replace(/[`|]/g, '')}\` |`).join('\n')}\n\n`);
      md.appendText(render(r.message));
      md.appendMarkdown('\n\n');
      if (r.state !== 'authorized') {
        md.appendMarkdown(`**${t('What to do:')}** `);
        md.appendText(render(r.advice));
        md.appendMarkdown('\n\n');
      }
      if (r.state === 'pairing-required') {
        const { list, approve } = pairingCommands(r.pairing);
        md.appendMarkdown(`[$(terminal) ${approve ? t('Approve in a terminal…') : t('List pending devices in a terminal…')}](command:openclawGuard.approvePairing) `);
        md.appendText(`(${approve ?? list})`);
        md.appendMarkdown('\n\n');
      }
    }
    if (gatewayChange) {
      md.appendMarkdown('$(info) ');
      md.appendText(gatewayChange);
      md.appendMarkdown('\n\n');
    }
    if (version) {
      // Which release the findings describe, and why: the messages of several rules depend on it.
      md.appendMarkdown('$(versions) ');
      md.appendText(render(describeOpenclawVersion(version)));
      md.appendMarkdown('\n\n');
      const mismatch = versionMismatchText(version);
      if (mismatch) {
        md.appendMarkdown('$(warning) ');
        md.appendText(render(mismatch));
        md.appendMarkdown('\n\n');
      }
    }
    // Diagnostics and this check read the editor's environment (OPENCLAW_GATEWAY_TOKEN, OPENCLAW_STATE_DIR, …);
    // a gateway run by systemd or launchd starts with its own.
    md.appendMarkdown('$(info) ');
    md.appendText(t("Environment: this editor's, for the client and the gateway (the gateway service's may differ)."));
    md.appendMarkdown('\n\n');
    md.appendMarkdown(`[$(refresh) ${t('Check now')}](command:openclawGuard.checkGateway) · [$(search) ${t('Diagnose')}](command:openclawGuard.diagnoseGateway) · [$(go-to-file) ${t('Open config')}](command:openclawGuard.openConfig) · [$(link-external) ${t('Dashboard')}](command:openclawGuard.openDashboard) · [$(output) ${t('Log')}](command:openclawGuard.showLog)`);
    return md;
  }

