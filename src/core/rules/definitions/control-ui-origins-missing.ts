import { isRemoteMode, type GatewayModel } from '../../gatewayModel';
import { msg } from '../../messages';
import { setValueWhereItLives } from '../../fixes/sourceEdits';
import { encodeString } from '../../fixes/textEdits';
import type { ConfigDocument } from '../../configDocument';
import type { NetworkFacts } from '../../hostFacts';
import { defineRule } from '../ruleTypes';
import { isCanonicalIPv4, tailnetAddress } from '../support/bindHosts';
import { controlUiDisabled, hasExplicitOrigins, nonLoopbackBind, seededOrigins } from '../support/controlUi';
import { releaseOf } from '../support/versionRanges';
import { compareVersions, parseOpenclawVersion, type ParsedVersion } from '../../version/openclawVersion';
import { versionSourceText } from '../../version/versionText';
import { gatewayAnchor } from '../support/keySpans';
import { spanIn } from '../support/sourceSpans';

/** The first release observed to refuse, and the first observed to seed origins instead. */
const REFUSES_FROM: ParsedVersion = { parts: [2026, 2, 26], text: '2026.2.26' };
const SEEDS_FROM: ParsedVersion = { parts: [2026, 4, 8], text: '2026.4.8' };

const REFUSAL = 'non-loopback Control UI requires gateway.controlUi.allowedOrigins (set explicit origins), or set gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback=true to use Host-header origin fallback mode';
const ORIGIN_REFUSED = 'origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)';

/**
 * The origins the fix writes: what OpenClaw would seed, plus the machine's own addresses for the
 * bind (a browser that opens the gateway by its address sends that origin).
 */
function originsToAdd(model: GatewayModel, network: NetworkFacts | undefined): string[] {
  const out = seededOrigins(model);
  const port = model.port.value;
  if (network && model.bind.effective === 'tailnet') {
    const address = tailnetAddress(network);
    if (address) out.push(`http://${address}:${port}`);
  } else if (network && (model.bind.effective === 'lan' || model.bind.effective === 'auto')) {
    for (const address of network.addresses) if (isCanonicalIPv4(address) && !address.startsWith('127.')) out.push(`http://${address}:${port}`);
  }
  return [...new Set(out)];
}

function arrayText(doc: ConfigDocument, values: readonly string[]): string {
  return '[' + values.map((v) => encodeString(v, doc.style.stringQuote)).join(', ') + ']';
}

export const rule = defineRule({
  meta: {
    code: 'control-ui-origins-missing',
    defaultSeverity: 'warning',
    docs: {
      summary: 'The gateway listens beyond loopback (bind lan, custom, tailnet with a Tailscale address, or auto inside a container) with the Control UI on, and gateway.controlUi.allowedOrigins is not set. Inside a container with no bind set, only the releases that refuse to start are worth a finding (a browser on the host comes in as localhost, which the seeded origins allow).',
      openclaw:
        'Which releases refuse depends on the version. 2026.2.26 refuses to start: "Gateway failed to start: Error: non-loopback Control UI requires gateway.controlUi.allowedOrigins (set explicit origins), or set gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback=true to use Host-header origin fallback mode". From 2026.4.8 on, the gateway logs "seeded gateway.controlUi.allowedOrigins [\\"http://localhost:P\\",\\"http://127.0.0.1:P\\"] for bind=… (required since v2026.2.26; see issue #29385)" and starts. After that, a browser on another machine gets "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)" unless the page\'s origin equals the Host it opened and is a private IP, .local or .ts.net name. When the release in use is known (openclawGuard.openclawVersion or --openclaw-version, the running gateway, the installed CLI, else meta.lastTouchedVersion), the message says which of these two applies.',
      fix: 'List the origins your browsers open the Control UI from in gateway.controlUi.allowedOrigins, for example "https://gateway.example.com" behind a TLS proxy. The quick fix adds the ones OpenClaw would seed for this port and bind, plus this machine\'s own addresses.',
    },
    messages: {
      refuses:
        'gateway.bind is "{bind}" and gateway.controlUi.allowedOrigins is not set. OpenClaw {version} ({source}) is one of the releases from 2026.2.26 until origins were seeded, which refuse to start: "Gateway failed to start: Error: {refusal}". Set the origins your browsers use.',
      seeded:
        'gateway.bind is "{bind}" and gateway.controlUi.allowedOrigins is not set. OpenClaw {version} ({source}; like every release from 2026.4.8) seeds only {seeded} and starts, so a browser on another machine gets "{refused}" (unless it opens the gateway by a private IP, .local or .ts.net address). Set the origins your browsers use.',
      unknownRelease:
        'gateway.bind is "{bind}" and gateway.controlUi.allowedOrigins is not set. OpenClaw 2026.2.26 refuses to start ("Gateway failed to start: Error: {refusal}"); 2026.4.8 and later seed only {seeded}, so a browser on another machine gets "{refused}". Set the origins your browsers use.',
    },
    fixes: {
      addOrigins: { summary: 'Add gateway.controlUi.allowedOrigins with the origins OpenClaw seeds for the configured port and bind, plus this machine\'s addresses.', safe: false },
    },
  },
  check: (ctx) => {
    const { model, network, doc } = ctx;
    if (!model || isRemoteMode(model) || model.hasInclude) return [];
    const bind = nonLoopbackBind(model, network);
    if (!bind || controlUiDisabled(model) || hasExplicitOrigins(model)) return [];
    const where = model.bind.node ? spanIn(model.bind.node, model.bind.source) : gatewayAnchor(model, doc.root);
    const seeded = seededOrigins(model).join(', ');
    const data = { origins: originsToAdd(model, network) };
    // The gateway's release as the resolver knows it: stated, the running gateway, the installed
    // CLI, then meta.lastTouchedVersion (a config written long ago may run on a newer gateway).
    const version = releaseOf(ctx, 'gateway');
    const release = parseOpenclawVersion(version);
    const source = versionSourceText(ctx.openclawVersion?.source ?? 'unknown', ctx.openclawVersion?.detail);
    // Inside a container the browser usually comes in through a published port on localhost,
    // which is exactly what the seeded origins allow: only the refusing releases matter there.
    const containerDefault = model.bind.defaulted;
    if (version && release && compareVersions(release, REFUSES_FROM) >= 0) {
      if (compareVersions(release, SEEDS_FROM) < 0) return [{ ...where, severity: 'error', messageId: 'refuses', args: { bind, version, source, refusal: REFUSAL }, data }];
      return containerDefault ? [] : [{ ...where, messageId: 'seeded', args: { bind, version, source, seeded, refused: ORIGIN_REFUSED }, data }];
    }
    return [{ ...where, ...(containerDefault ? { severity: 'information' as const } : {}), messageId: 'unknownRelease', args: { bind, seeded, refusal: REFUSAL, refused: ORIGIN_REFUSED }, data }];
  },
  fixes: (finding, ctx) => {
    const origins = finding.data.origins?.length ? finding.data.origins : seededOrigins(ctx.model);
    const edits = setValueWhereItLives(ctx.model, ctx.doc, ['gateway', 'controlUi', 'allowedOrigins'], (doc) => arrayText(doc, origins));
    return edits ? [{ fixId: 'addOrigins', title: msg('Add gateway.controlUi.allowedOrigins: {0}', origins.join(', ')), safe: false, isPreferred: true, edits }] : [];
  },
});
