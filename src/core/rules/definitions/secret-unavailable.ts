import { clientCredential, isRemoteMode, type GatewayModel, type SecretSlot } from '../../gatewayModel';
import { msg, type Message } from '../../messages';
import { defineRule, type RawFinding, type RelatedSpan } from '../ruleTypes';
import { ALL_SLOTS, nodeSpan } from '../support/secretSlots';
import { checkSecret, gatewayNeedsSlot, providerPathAt, shorthandFingerprint, type SecretProblem, type Side } from '../support/secretAvailability';
import { spanIn } from '../support/sourceSpans';

type MessageId = 'gatewayRefuses' | 'configRejected' | 'clientFails' | 'clientHasNothing' | 'clientFallsBack';

export const rule = defineRule({
  meta: {
    code: 'secret-unavailable',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A secret the gateway needs is a reference OpenClaw cannot resolve: $NAME or a SecretRef with source "env" whose variable is unset for the gateway, a file SecretRef whose file OpenClaw refuses (missing, a symlink, permissions too open, not owned, not JSON, no such pointer), or a provider that is not configured. Also a secret that merely looks like $NAME ("$K8V2QX7…").',
      openclaw:
        '`openclaw config validate` passes, but the gateway exits 1 at start-up: "[SECRETS_DEGRADED] cold gateway:ingress-auth: secret reference was not found" (or "[SECRETS_PROVIDER_DEGRADED] file:<name>: secret provider failed") and "Startup failed: required secrets are unavailable.", without saying why a file was refused. A value that is "$" followed only by capitals, digits and underscores is always read as a variable name. For gateway.remote.* clients fail instead: "<path> is configured as a secret reference but is unavailable in this command path."',
      fix: 'Set the variable where the gateway runs (its service environment, ~/.openclaw/.env or env.vars), fix the secret file (absolute path, a regular file owned by the gateway user, chmod 600, a JSON object holding the pointer), or configure the provider. A secret that looks like $NAME must be replaced by one that does not.',
    },
    messages: {
      gatewayRefuses: '{path}: {reason} `openclaw config validate` passes, but the gateway exits 1 at start-up: "Startup failed: required secrets are unavailable."',
      configRejected: '{path}: {reason} `openclaw config validate` rejects the config, and the gateway does not start with it (exit 78).',
      clientFails: '{path}: {reason} Clients on this machine have nothing else to send and fail: "{path} is configured as a secret reference but is unavailable in this command path."',
      clientHasNothing: '{path}: {reason} Clients on this machine then have no secret to send.',
      clientFallsBack: '{path}: {reason} Clients on this machine send {other} instead.',
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<MessageId>> = [];
    for (const path of ALL_SLOTS) {
      const slot = model.slots[path];
      if (!slot.node) continue;
      const gatewaySlot = path.startsWith('gateway.auth.');
      // The gateway of a remote-mode config does not run here; only clients read secrets then.
      if (gatewaySlot && (isRemoteMode(model) || !gatewayNeedsSlot(model, path))) continue;
      const side: Side = gatewaySlot ? 'gateway' : 'client';
      const check = checkSecret(model, slot, side);
      if (check?.state !== 'problem') continue;
      // Without the files, an unset variable may still be in a .env file the gateway reads.
      const filesRead = model.effective.reader !== undefined;
      const reason = reasonText(check.problem, side, filesRead);
      const related = relatedFor(model, check.problem);
      const base = { ...nodeSpan(slot), related, data: { slot: path } };
      if (check.problem.kind === 'invalid-file-id') {
        out.push({ ...base, messageId: 'configRejected', args: { path, reason }, severity: 'error' });
        continue;
      }
      if (gatewaySlot) {
        const unsure = !filesRead && check.problem.kind === 'env-unset';
        out.push({ ...base, messageId: 'gatewayRefuses', args: { path, reason }, ...(unsure ? { severity: 'warning' as const } : {}) });
        continue;
      }
      out.push({ ...base, ...clientEffect(model, slot), args: { path, reason, other: clientCredential(model)?.source ?? '' } });
    }
    return out;
  },
});

/** What a client on this machine does without this remote secret (src/gateway/credentials.ts). */
function clientEffect(model: GatewayModel, slot: SecretSlot): Pick<RawFinding<MessageId>, 'messageId' | 'severity'> {
  const other = clientCredential(model);
  if (other && other.source !== slot.path) return { messageId: 'clientFallsBack', severity: 'information' };
  // Remote mode throws GatewaySecretRefUnavailableError; local mode just has no remote fallback.
  return { messageId: isRemoteMode(model) ? 'clientFails' : 'clientHasNothing', severity: 'warning' };
}

function sideText(side: Side, filesRead: boolean): Message {
  if (side === 'client') return msg('clients on this machine');
  return filesRead
    ? msg('the gateway (not in its environment, the .env files OpenClaw reads, or env.vars)')
    : msg('the gateway in the environment this check runs in (the .env files OpenClaw reads were not checked)');
}

function reasonText(problem: SecretProblem, side: Side, filesRead: boolean): Message {
  switch (problem.kind) {
    case 'env-unset':
      if (problem.looksLikeSecret) {
        return msg(
          'its value ({0}) is "$" followed only by capital letters, digits and underscores, so OpenClaw reads it as the name of an environment variable, not as the secret itself, and no such variable is set for {1}.',
          shorthandFingerprint(problem),
          sideText(side, filesRead),
        );
      }
      return problem.form === 'shorthand'
        ? msg('"${0}" is read as the environment variable {0}, which is not set for {1}.', problem.variable, sideText(side, filesRead))
        : msg('the SecretRef reads the environment variable {0}, which is not set for {1} ("Environment variable "{0}" is missing or empty.").', problem.variable, sideText(side, filesRead));
    case 'not-allowlisted':
      return msg('the variable {0} is not in secrets.providers.{1}.allowlist ("Environment variable "{0}" is not allowlisted in secrets.providers.{1}.allowlist.").', problem.variable, problem.provider);
    case 'no-provider':
      return msg('the secret provider "{0}" is not configured under secrets.providers ("Secret provider "{0}" is not configured (ref: {1}).").', problem.provider, problem.ref);
    case 'wrong-source':
      return msg('secrets.providers.{0} has source "{1}", but the reference asks for "{2}" ("Secret provider "{0}" has source "{1}" but ref requests "{2}".").', problem.provider, problem.configured, problem.requested);
    case 'invalid-file-id':
      return msg('the id "{0}" of a file SecretRef is neither an absolute JSON pointer nor "value" ("File secret reference id must be an absolute JSON pointer (example: "/providers/openai/apiKey"), or "value" for singleValue mode.").', problem.id);
    case 'file':
      return fileReason(problem);
  }
}

function fileReason(problem: Extract<SecretProblem, { kind: 'file' }>): Message {
  const { file, provider, id } = problem;
  switch (problem.failure) {
    case 'missing':
      return msg('the file of provider "{1}" does not exist ("secrets.providers.{1}.path is not readable: {0}").', file, provider);
    case 'symlink':
      return msg('the file of provider "{1}" is a symbolic link, which OpenClaw refuses ("secrets.providers.{1}.path must not be a symlink: {0}").', file, provider);
    case 'not-regular':
      return msg('the path of provider "{1}" is not a regular file ("secrets.providers.{1}.path must be a file: {0}").', file, provider);
    case 'too-open':
      return msg('group or others may read or write the file of provider "{1}" ("secrets.providers.{1}.path permissions are too open: {0}"); OpenClaw needs mode 600 or 400: chmod 600 {0}.', file, provider);
    case 'not-owned':
      return msg('the file of provider "{1}" is not owned by the user the gateway runs as ("secrets.providers.{1}.path must be owned by the effective user"): {0}.', file, provider);
    case 'unreadable':
      return msg('the file of provider "{1}" cannot be read, or is larger than 1 MB: {0}.', file, provider);
    case 'not-json-object':
      return msg('the file of provider "{1}" does not hold a JSON object ("File provider "{1}" payload is not a JSON object."): {0}.', file, provider);
    case 'bad-id':
      return problem.singleValue
        ? msg('provider "{0}" is in singleValue mode, which takes only the id "value" ("singleValue file provider "{0}" expects ref id "value".").', provider)
        : msg('the provider reads a JSON file, so the id must be a JSON pointer, not "{0}" ("File-backed secret ids must be absolute JSON pointers (for example: "/providers/openai/apiKey").").', id);
    case 'not-found':
      return msg('the file of provider "{1}" has no string at {2} ("secret reference was not found"): {0}.', file, provider, id);
  }
}

function relatedFor(model: GatewayModel, problem: SecretProblem): RelatedSpan[] {
  if (problem.kind !== 'file') return [];
  const at = providerPathAt(model, problem.provider);
  return at ? [{ ...spanIn(at.node, at.source), message: msg('secrets.providers.{0}.path is set here', problem.provider) }] : [];
}
