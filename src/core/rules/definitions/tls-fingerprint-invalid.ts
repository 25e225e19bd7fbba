import { isRemoteMode } from '../../gatewayModel';
import { leafAt } from '../../effective/configSources';
import { msg } from '../../messages';
import { present, replaceWith } from '../../fixes/secretFixes';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule } from '../ruleTypes';
import { spanIn } from '../support/sourceSpans';
import { normalizeTlsFingerprint, recoverableFingerprint as recoverable, withoutLabel } from '../support/tlsFingerprint';

export const rule = defineRule({
  meta: {
    code: 'tls-fingerprint-invalid',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.remote.tlsFingerprint is not a SHA-256 certificate fingerprint as OpenClaw reads it: 64 hex digits, or 32 colon-separated hex pairs, optionally after "sha256:".',
      openclaw:
        'In remote mode the CLI stops before connecting: "Invalid TLS fingerprint; expected a SHA-256 certificate fingerprint." (a SHA-1 fingerprint, openssl\'s "SHA256 Fingerprint=…" line or spaces between the pairs are all refused). In local mode the value is not read.',
      fix: 'Write the certificate\'s SHA-256 fingerprint as 64 hex digits (`openssl x509 -noout -fingerprint -sha256 -in cert.pem`, then drop the "SHA256 Fingerprint=" prefix). The quick fix rewrites a pasted fingerprint whose 64 hex digits are all there.',
    },
    messages: {
      malformed: 'gateway.remote.tlsFingerprint is not a SHA-256 fingerprint ({why}): {effect}',
    },
    fixes: {
      normalize: { summary: 'Rewrite the fingerprint as the 64 hex digits OpenClaw expects.', safe: true },
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const at = leafAt(model.effective.assembled.root, ['gateway', 'remote', 'tlsFingerprint']);
    const value = model.tlsFingerprint;
    if (!at || value === undefined || value.trim() === '' || normalizeTlsFingerprint(value) !== '') return [];
    const hex = withoutLabel(value).replace(/[^a-fA-F0-9]/gu, '').length;
    const why = recoverable(value) ? msg('the digits are right, the notation is not') : hex === 40 ? msg('40 hex digits look like SHA-1') : msg('{0} hex digits, 64 expected', hex);
    const remote = isRemoteMode(model);
    const effect = remote
      ? msg('every CLI command stops before connecting ("Invalid TLS fingerprint; expected a SHA-256 certificate fingerprint.").')
      : msg('it is not read in local mode, but the CLI stops with "Invalid TLS fingerprint; expected a SHA-256 certificate fingerprint." once gateway.mode is "remote".');
    return [{ ...spanIn(at.node, at.source), severity: remote ? 'error' : 'warning', messageId: 'malformed', args: { why, effect } }];
  },
  fixes: (_finding, ctx) => {
    const value = ctx.model.tlsFingerprint;
    const fixed = value === undefined ? undefined : recoverable(value);
    if (!fixed) return [];
    const node = leafAt(ctx.model.effective.assembled.root, ['gateway', 'remote', 'tlsFingerprint'])?.node;
    return present(replaceWith(ctx, ['gateway', 'remote', 'tlsFingerprint'], (doc) => stringLiteral(doc, fixed, node), { fixId: 'normalize', title: msg('Rewrite gateway.remote.tlsFingerprint as 64 hex digits'), safe: true, preferred: true }));
  },
});
