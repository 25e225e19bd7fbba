import { t } from '../i18n';
import { clientPrecedence, isConfigured, isRemoteMode, type GatewayModel, type SecretPath, type SecretSlot } from '../gatewayModel';
import { fingerprint, referencedVariables } from '../secretValues';
import { sourceSpanOfDecoded, valueSpan } from '../stringOffsets';
import type { RawFinding, RuleDefinition } from './ruleTypes';
import { copySecret, generateForBoth, present, replaceWith } from '../fixes/secretFixes';
import { stringLiteral } from '../fixes/textEdits';
import type { FixContext, FixProposal } from '../fixes/fixTypes';
import type { Finding } from './ruleTypes';
import { placeholderKind, riskyCharacters, showCharacter, surroundingWhitespace, weakness, type RiskCategory } from './secretChecks';

const ALL_SLOTS: readonly SecretPath[] = ['gateway.auth.token', 'gateway.remote.token', 'gateway.auth.password', 'gateway.remote.password'];

function resolvedValue(slot: SecretSlot): string | undefined {
  return slot.resolved.state === 'value' ? slot.resolved.value : undefined;
}

/** Slots whose value is plain text in the file (no env reference), with their value node. */
function literalSlots(model: GatewayModel): Array<SecretSlot & { raw: string }> {
  const out: Array<SecretSlot & { raw: string }> = [];
  for (const path of ALL_SLOTS) {
    const slot = model.slots[path];
    if (slot.spec.kind === 'literal' && slot.node) out.push({ ...slot, raw: slot.spec.raw });
  }
  return out;
}

function nodeSpan(slot: SecretSlot): { offset: number; length: number } {
  return slot.node ? valueSpan(slot.node) : { offset: 0, length: 0 };
}

function mismatchRule(kind: 'token' | 'password'): RuleDefinition['check'] {
  return ({ model }) => {
    if (!model) return [];
    const authPath: SecretPath = kind === 'token' ? 'gateway.auth.token' : 'gateway.auth.password';
    const remotePath: SecretPath = kind === 'token' ? 'gateway.remote.token' : 'gateway.remote.password';
    const auth = model.slots[authPath];
    const remote = model.slots[remotePath];
    const a = resolvedValue(auth);
    const r = resolvedValue(remote);
    if (a === undefined || r === undefined || a === r || !auth.node || !remote.node) return [];
    const remoteMode = isRemoteMode(model);
    const message = remoteMode
      ? t(
          '{0} ({1}) differs from {2} ({3}). In remote mode this machine sends {0} to {4}; {2} is only a fallback. If both describe the same gateway, one of them is stale and clients using it get "unauthorized: gateway {5} mismatch".',
          remotePath,
          fingerprint(r),
          authPath,
          fingerprint(a),
          model.remoteUrl.value ?? 'gateway.remote.url',
          kind,
        )
      : t(
          '{0} ({1}) differs from {2} ({3}). The gateway accepts only {2}: the local CLI sends it and passes, but remote-mode clients and apps that send {0} get "unauthorized: gateway {4} mismatch".',
          remotePath,
          fingerprint(r),
          authPath,
          fingerprint(a),
          kind,
        );
    return [
      {
        ...nodeSpan(remote),
        message,
        related: [{ ...nodeSpan(auth), message: t('{0} is set here ({1})', authPath, fingerprint(a)) }],
        data: { slot: remotePath, otherSlot: authPath },
      },
    ];
  };
}

export const tokenMismatch: RuleDefinition = {
  code: 'token-mismatch',
  defaultSeverity: 'error',
  docs: {
    summary: 'gateway.auth.token and gateway.remote.token are both set and differ.',
    openclaw: 'The gateway accepts only gateway.auth.token. The local CLI sends gateway.auth.token and passes; remote-mode clients (and the companion apps) send gateway.remote.token and get "unauthorized: gateway token mismatch".',
    fix: 'Copy gateway.auth.token into gateway.remote.token (or the reverse), or rotate both to one new token.',
  },
  fixes: (_finding, ctx) => mismatchFixes(ctx, 'token'),
  check: mismatchRule('token'),
};

export const passwordMismatch: RuleDefinition = {
  code: 'password-mismatch',
  defaultSeverity: 'error',
  docs: {
    summary: 'gateway.auth.password and gateway.remote.password are both set and differ.',
    openclaw: 'The gateway accepts only gateway.auth.password; clients that send gateway.remote.password get "unauthorized: gateway password mismatch".',
    fix: 'Make both passwords the same.',
  },
  fixes: (_finding, ctx) => mismatchFixes(ctx, 'password'),
  check: mismatchRule('password'),
};

export const remoteTokenMissing: RuleDefinition = {
  code: 'remote-token-missing',
  defaultSeverity: 'information',
  docs: {
    summary: 'Token auth with gateway.auth.token set but no gateway.remote.token, in local mode.',
    openclaw: 'The local CLI does not need gateway.remote.token: it sends gateway.auth.token. Remote-mode clients of this gateway, and the widely copied advice "set gateway.remote.token to match gateway.auth.token", expect the same token in gateway.remote.token.',
    fix: 'Add gateway.remote.token with the same value as gateway.auth.token.',
  },
  fixes: (_finding, ctx) => present(copySecret(ctx, 'gateway.auth.token', 'gateway.remote.token', { safe: true, preferred: true })),
  check: ({ model }) => {
    if (!model || isRemoteMode(model) || model.authMode.effective !== 'token' || model.hasInclude) return [];
    const auth = model.slots['gateway.auth.token'];
    const remote = model.slots['gateway.remote.token'];
    if (!isConfigured(auth) || isConfigured(remote) || !auth.node) return [];
    if (auth.resolved.state === 'value' && placeholderKind(auth.resolved.value)) return [];
    return [
      {
        ...nodeSpan(auth),
        message: t(
          'gateway.remote.token is not set. The local CLI does not need it (it sends gateway.auth.token), but remote-mode clients of this gateway and the common advice "set gateway.remote.token to match gateway.auth.token" expect the same token there.',
        ),
        data: { slot: 'gateway.auth.token', otherSlot: 'gateway.remote.token' },
      },
    ];
  },
};

export const authTokenMissing: RuleDefinition = {
  code: 'auth-token-missing',
  defaultSeverity: 'error',
  docs: {
    summary: 'Token auth, gateway.remote.token set, but no gateway.auth.token and no OPENCLAW_GATEWAY_TOKEN.',
    openclaw: 'The gateway starts without a token and rejects every client with AUTH_TOKEN_NOT_CONFIGURED ("gateway token not configured on gateway"); gateway.remote.token only says what clients send.',
    fix: 'Copy gateway.remote.token into gateway.auth.token, or generate a new token for both.',
  },
  fixes: (_finding, ctx) => present(copySecret(ctx, 'gateway.remote.token', 'gateway.auth.token', { safe: false, preferred: true }), generateForBoth(ctx, 'token')),
  check: ({ model }) => {
    if (!model || isRemoteMode(model) || model.authMode.effective !== 'token' || model.hasInclude) return [];
    const auth = model.slots['gateway.auth.token'];
    const remote = model.slots['gateway.remote.token'];
    if (isConfigured(auth) || !isConfigured(remote) || model.env.OPENCLAW_GATEWAY_TOKEN.value !== undefined || !remote.node) return [];
    return [
      {
        ...nodeSpan(remote),
        message: t(
          'gateway.auth.token is not set, so the gateway runs without a token and rejects every client with AUTH_TOKEN_NOT_CONFIGURED ("gateway token not configured on gateway"). gateway.remote.token only says what clients send; it does not configure the gateway.',
        ),
        data: { slot: 'gateway.remote.token', otherSlot: 'gateway.auth.token' },
      },
    ];
  },
};

export const tokenPlaceholder: RuleDefinition = {
  code: 'token-placeholder',
  defaultSeverity: 'error',
  docs: {
    summary: 'A token or password is blank, "undefined", "null", a change-me example, the redaction sentinel, or template text such as <token> or 你的token.',
    openclaw: 'For blank, undefined/null, change-me values and __OPENCLAW_REDACTED__ the gateway refuses to start ("gateway auth token is blank, a published example placeholder, or the literal string undefined/null"). Template text is accepted as the real secret, so anyone who read the same tutorial can guess it.',
    fix: 'Generate a strong token and write it to gateway.auth.token and gateway.remote.token together.',
  },
  fixes: (finding, ctx) => present(generateForBoth(ctx, kindOf(finding), { preferred: true })),
  check: ({ model }) => {
    if (!model) return [];
    const out: RawFinding[] = [];
    for (const slot of literalSlots(model)) {
      if (slot.spec.kind !== 'literal' || slot.spec.envParts.length > 0) continue;
      const kind = placeholderKind(slot.raw);
      if (!kind) continue;
      const shown = slot.raw.trim() === '' ? t('blank') : slot.raw.trim();
      const active =
        (slot.path === 'gateway.auth.token' && model.authMode.effective === 'token') ||
        (slot.path === 'gateway.auth.password' && model.authMode.effective === 'password');
      const message =
        kind === 'refused'
          ? active
            ? t('{0} is a placeholder ("{1}"): the gateway refuses to start with a blank, "undefined"/"null", published example or redacted secret.', slot.path, shown)
            : t('{0} is a placeholder ("{1}"): OpenClaw refuses it as a gateway secret, and clients that send it are rejected.', slot.path, shown)
          : t('{0} looks like template text, not a real secret. OpenClaw accepts it as the secret, so anyone who read the same guide can guess it. Replace it with a generated token.', slot.path);
      out.push({ ...nodeSpan(slot), message, data: { slot: slot.path } });
    }
    return out;
  },
};

export const tokenWeak: RuleDefinition = {
  code: 'token-weak',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A token or password is shorter than 24 characters, digits only, or one short pattern repeated.',
    openclaw: 'The gateway accepts it, but `openclaw security audit` flags secrets under 24 characters (gateway.token_too_short), and a guessable secret lets anyone who can reach the gateway in.',
    fix: 'Generate a strong token (48 hex characters, as OpenClaw does) and write it everywhere it belongs.',
  },
  fixes: (finding, ctx) => present(generateForBoth(ctx, kindOf(finding), { preferred: true })),
  check: ({ model }) => {
    if (!model) return [];
    const out: RawFinding[] = [];
    for (const slot of literalSlots(model)) {
      if (slot.spec.kind !== 'literal' || slot.spec.envParts.length > 0 || placeholderKind(slot.raw)) continue;
      const reason = weakness(slot.raw);
      if (!reason) continue;
      const length = [...slot.raw.trim()].length;
      const message =
        reason === 'short'
          ? t('{0} is only {1} characters long; OpenClaw\'s security audit wants at least 24. Generate a 48-character token instead.', slot.path, length)
          : reason === 'digits'
            ? t('{0} is digits only ({1} characters) and easy to guess. Generate a 48-character token instead.', slot.path, length)
            : t('{0} is one short pattern repeated and easy to guess. Generate a 48-character token instead.', slot.path);
      out.push({ ...nodeSpan(slot), message, data: { slot: slot.path } });
    }
    return out;
  },
};

function categorySentence(category: RiskCategory): string {
  switch (category) {
    case 'dotenv':
      return t('In .env files "#" starts a comment (the token is cut short there) and quotes, "$" and spaces change the value.');
    case 'url':
      return t('In URLs these characters have meaning ("#" ends the address, "&", "?", "=" and "+" split or alter query strings, "%" starts an escape).');
    case 'shell':
      return t('In shells they must be quoted ($ expands, ! recalls history, & | ; < > ( ) run or redirect commands, * ? [ ] glob).');
    case 'systemd':
      return t('In systemd unit files "%" and "$" are expanded and quotes and spaces split Environment= lines.');
    case 'whitespace':
      return t('Spaces split the token into words in shells and command lines.');
    case 'non-ascii':
      return t('Non-ASCII characters depend on the terminal\'s and the file\'s encoding and are hard to type on other keyboards.');
    case 'control':
      return t('Control characters are invisible and get lost or changed when copied.');
  }
}

const CATEGORY_ORDER: readonly RiskCategory[] = ['dotenv', 'url', 'shell', 'systemd', 'whitespace', 'non-ascii', 'control'];

export const tokenRiskyChars: RuleDefinition = {
  code: 'token-risky-chars',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A token or password contains characters that break in shells, URLs, systemd units or .env files, or starts or ends with whitespace.',
    openclaw: 'The WebSocket protocol carries any character, and OpenClaw trims surrounding whitespace; but copies of the secret break: an unquoted "#" in ~/.openclaw/.env cuts the token short, "&" and "+" change URLs, "$" and "!" expand in shells, "%" expands in systemd units.',
    fix: 'Generate a new token made only of letters and digits (or trim the whitespace).',
  },
  fixes: (finding, ctx) => (finding.data.trim ? present(trimFix(finding, ctx), generateForBoth(ctx, kindOf(finding))) : present(generateForBoth(ctx, kindOf(finding), { preferred: true }))),
  check: ({ model, doc }) => {
    if (!model) return [];
    const out: RawFinding[] = [];
    for (const slot of literalSlots(model)) {
      if (slot.spec.kind !== 'literal' || !slot.node || placeholderKind(slot.raw)) continue;
      const risky = riskyCharacters(slot.raw, slot.spec.envParts);
      if (risky) {
        const list = risky.characters.map(showCharacter).join(', ');
        const reasons = CATEGORY_ORDER.filter((c) => risky.categories.has(c)).map(categorySentence).join(' ');
        out.push({
          ...sourceSpanOfDecoded(doc.text, slot.node, risky.start, risky.end),
          message: t('{0} contains {1}. OpenClaw accepts it, but copies of it break: {2} Use only letters, digits, "-" and "_".', slot.path, list, reasons),
          data: { slot: slot.path },
        });
      }
      const ws = surroundingWhitespace(slot.raw);
      if (ws) {
        const start = ws.leading > 0 ? 0 : slot.raw.length - ws.trailing;
        const end = ws.trailing > 0 ? slot.raw.length : ws.leading;
        out.push({
          ...sourceSpanOfDecoded(doc.text, slot.node, start, end),
          message: t('{0} starts or ends with whitespace. OpenClaw trims it, so the secret that works is the trimmed one; scripts, .env files and URLs that keep the whitespace send a different secret.', slot.path),
          data: { slot: slot.path, trim: true },
        });
      }
    }
    return out;
  },
};

export const tokenEnvReference: RuleDefinition = {
  code: 'token-env-reference',
  defaultSeverity: 'information',
  docs: {
    summary: 'A token or password is read from an environment variable ($NAME, ${NAME} or a SecretRef with source "env").',
    openclaw: 'OpenClaw substitutes the variable when it loads the file. When the variable is unset, the gateway generates a one-time token at start-up and clients treat the value as unset, so nothing matches.',
    fix: 'Make sure the variable is set for the gateway service and for your shell, or write the token into the file.',
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: RawFinding[] = [];
    for (const path of ALL_SLOTS) {
      const slot = model.slots[path];
      const variables = referencedVariables(slot.spec);
      if (variables.length === 0 || !slot.node) continue;
      const missing = slot.resolved.state === 'unresolved' && slot.resolved.reason === 'env-unset' ? slot.resolved.variable : undefined;
      if (missing) {
        const effect =
          path === 'gateway.auth.token' || path === 'gateway.auth.password'
            ? t('the gateway then starts with a one-time generated secret and rejects the literal text')
            : t('clients treat the value as unset');
        out.push({
          ...nodeSpan(slot),
          severity: 'warning',
          message: t('{0} reads the environment variable {1}, which is not set in the environment this check runs in: {2}.', path, missing, effect),
          data: { slot: path },
        });
      } else {
        const value = slot.resolved.state === 'value' ? slot.resolved.value : '';
        out.push({
          ...nodeSpan(slot),
          message: t('{0} is read from the environment variable {1} (set here, {2}). Other environments, such as a systemd service, may hold a different value.', path, variables.join(', '), fingerprint(value)),
          data: { slot: path },
        });
      }
    }
    return out;
  },
};

export const envTokenConflict: RuleDefinition = {
  code: 'env-token-conflict',
  defaultSeverity: 'warning',
  docs: {
    summary: 'OPENCLAW_GATEWAY_TOKEN or OPENCLAW_GATEWAY_PASSWORD is set in the environment and differs from the file.',
    openclaw: 'The gateway is config-first: it uses gateway.auth.* and ignores the variable. Local CLI calls also prefer the file. Tools and scripts that send the variable are rejected; in remote mode the CLI prefers gateway.remote.token over the variable, but OPENCLAW_GATEWAY_PASSWORD over gateway.remote.password.',
    fix: 'Unset the stale variable (check shell profiles, ~/.openclaw/.env and the gateway service unit) or update it to the file\'s value.',
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: RawFinding[] = [];
    for (const kind of ['token', 'password'] as const) {
      const envName = kind === 'token' ? 'OPENCLAW_GATEWAY_TOKEN' : 'OPENCLAW_GATEWAY_PASSWORD';
      const envValue = model.env[envName].value;
      if (envValue === undefined) continue;
      const order = clientPrecedence(model, kind).filter((s): s is SecretPath => s.startsWith('gateway.'));
      const slot = order.map((p) => model.slots[p]).find((s) => s.resolved.state === 'value' && s.node && referencedVariables(s.spec).indexOf(envName) < 0);
      if (!slot) continue;
      const fileValue = resolvedValue(slot);
      if (fileValue === undefined || fileValue === envValue) continue;
      const remote = isRemoteMode(model);
      let who: string;
      if (!remote && slot.path.startsWith('gateway.auth.')) {
        who = t('The gateway and the local CLI use {0} and ignore the variable; scripts and tools that send ${1} are rejected.', slot.path, envName);
      } else if (remote && kind === 'password') {
        who = t('In remote mode the CLI sends the variable first, so {0} is not used while the variable is set.', slot.path);
      } else if (remote) {
        who = t('In remote mode the CLI sends {0} first; the variable is used only when {0} is unset.', slot.path);
      } else {
        who = t('Without gateway.auth.{0} the gateway uses the variable, while remote-mode clients send {1}.', kind, slot.path);
      }
      out.push({
        ...nodeSpan(slot),
        message: t('{0} is set in this environment ({1}) and differs from {2} ({3}). {4}', envName, fingerprint(envValue), slot.path, fingerprint(fileValue), who),
        data: { slot: slot.path },
      });
    }
    return out;
  },
};

function kindOf(finding: Finding): 'token' | 'password' {
  return finding.data.slot?.endsWith('password') ? 'password' : 'token';
}

/** Copies auth into remote (safe: the gateway already accepts auth), or the reverse, or rotates both. */
function mismatchFixes(ctx: FixContext, kind: 'token' | 'password'): FixProposal[] {
  const auth = kind === 'token' ? 'gateway.auth.token' : 'gateway.auth.password';
  const remote = kind === 'token' ? 'gateway.remote.token' : 'gateway.remote.password';
  return present(
    copySecret(ctx, auth, remote, { safe: true, preferred: true }),
    copySecret(ctx, remote, auth, { safe: false }),
    generateForBoth(ctx, kind),
  );
}

/** Removes the whitespace OpenClaw trims anyway, so copies of the secret match what works. */
function trimFix(finding: Finding, ctx: FixContext): FixProposal | undefined {
  const path = finding.data.slot;
  if (!path) return undefined;
  const slot = ctx.model.slots[path];
  if (slot.spec.kind !== 'literal' || !slot.node) return undefined;
  return replaceWith(ctx, path.split('.'), stringLiteral(ctx.doc, slot.spec.raw.trim(), slot.node), t('Trim the whitespace around {0}', path), true, true);
}
