import { isIP } from 'node:net';
import { t } from '../i18n';
import { BIND_MODES, bindsBeyondLoopback, isConfigured, isRemoteMode, serverSecret, type GatewayModel } from '../gatewayModel';
import { findProperty, findPropertyAtPath, type JsonNode } from '../jsonTree';
import { valueSpan } from '../stringOffsets';
import type { RawFinding, RuleDefinition, Span } from './ruleTypes';
import { generateForBoth, present, replaceWith } from '../fixes/secretFixes';
import { composeSteps, removeProperty, setValueAtPath, sourceOf, stringLiteral } from '../fixes/textEdits';
import type { FixContext, FixProposal } from '../fixes/fixTypes';

function keySpan(property: JsonNode | undefined): Span {
  const key = property?.children?.[0];
  return key ? valueSpan(key) : { offset: 0, length: 0 };
}

/** Where to report a finding about the gateway as a whole: its key, else the root's opening brace. */
function gatewayAnchor(model: GatewayModel, root: JsonNode | undefined): Span {
  if (model.gatewayProperty) return keySpan(model.gatewayProperty);
  return root ? { offset: root.offset, length: 1 } : { offset: 0, length: 0 };
}

export const gatewayModeMissing: RuleDefinition = {
  code: 'gateway-mode-missing',
  defaultSeverity: 'error',
  docs: {
    summary: 'gateway.mode is missing (also when the file has no gateway object at all), or is not "local" or "remote".',
    openclaw: '`openclaw gateway run` refuses to start: "Gateway start blocked: existing config is missing gateway.mode" (exit 78). OpenClaw prints the same message when the file does not parse at all.',
    fix: 'Set gateway.mode to "local" on the machine that runs the gateway (or "remote" on a machine that only talks to one).',
  },
  fixes: (_finding, ctx) => present(replaceWith(ctx, ['gateway', 'mode'], stringLiteral(ctx.doc, 'local', ctx.model.mode.node), t('Set gateway.mode to "local"'), true, true)),
  check: ({ model, doc }) => {
    if (!model || doc.root?.type !== 'object' || model.hasInclude) return [];
    if (model.mode.node === undefined) {
      return [
        {
          ...gatewayAnchor(model, doc.root),
          message: t('gateway.mode is missing: `openclaw gateway run` refuses to start ("existing config is missing gateway.mode", exit 78). Set it to "local" on the machine that runs the gateway.'),
        },
      ];
    }
    if (model.mode.value !== 'local' && model.mode.value !== 'remote') {
      return [
        {
          ...valueSpan(model.mode.node),
          message: t('gateway.mode must be "local" or "remote"; OpenClaw rejects the file and the gateway does not start.'),
        },
      ];
    }
    return [];
  },
};

export const authModeAmbiguous: RuleDefinition = {
  code: 'auth-mode-ambiguous',
  defaultSeverity: 'error',
  docs: {
    summary: 'gateway.auth.token and gateway.auth.password are both set and gateway.auth.mode is not.',
    openclaw: 'The gateway refuses to start: "Invalid config: gateway.auth.token and gateway.auth.password are both configured, but gateway.auth.mode is unset."',
    fix: 'Set gateway.auth.mode to "token" or "password" (or remove the one you do not use).',
  },
  fixes: (_finding, ctx) =>
    present(
      replaceWith(ctx, ['gateway', 'auth', 'mode'], stringLiteral(ctx.doc, 'token'), t('Set gateway.auth.mode to "{0}"', 'token'), false, true),
      replaceWith(ctx, ['gateway', 'auth', 'mode'], stringLiteral(ctx.doc, 'password'), t('Set gateway.auth.mode to "{0}"', 'password'), false),
    ),
  check: ({ model }) => {
    if (!model || model.authMode.explicit !== undefined) return [];
    const token = model.slots['gateway.auth.token'];
    const password = model.slots['gateway.auth.password'];
    if (!isConfigured(token) || !isConfigured(password) || !password.node || !token.node) return [];
    const authProperty = findPropertyAtPath(model.gatewayNode, ['auth']);
    return [
      {
        ...keySpan(authProperty),
        message: t('gateway.auth.token and gateway.auth.password are both set but gateway.auth.mode is not: the gateway refuses to start ("gateway.auth.mode is unset"). Set gateway.auth.mode to "token" or "password".'),
        related: [
          { ...valueSpan(token.node), message: t('gateway.auth.token is set here') },
          { ...valueSpan(password.node), message: t('gateway.auth.password is set here') },
        ],
      },
    ];
  },
};

export const bindWithoutAuth: RuleDefinition = {
  code: 'bind-without-auth',
  defaultSeverity: 'error',
  docs: {
    summary: 'The gateway binds beyond loopback (lan, auto, tailnet, custom) without a token or password, and auth mode is not trusted-proxy.',
    openclaw: 'The gateway refuses to start: "Refusing to bind gateway to lan without auth." Inside a container the default bind is auto (all interfaces), so this also happens with no bind set.',
    fix: 'Add token auth with a generated token, or set gateway.bind to "loopback".',
  },
  fixes: (_finding, ctx) => present(addTokenAuth(ctx), replaceWith(ctx, ['gateway', 'bind'], stringLiteral(ctx.doc, 'loopback', ctx.model.bind.node), t('Set gateway.bind to "loopback"'), false)),
  check: ({ model }) => {
    if (!model || !model.gatewayNode || isRemoteMode(model) || model.hasInclude || !bindsBeyondLoopback(model)) return [];
    const mode = model.authMode.effective;
    if (mode === 'trusted-proxy') return [];
    if (mode !== 'none' && serverSecret(model).resolved.state !== 'absent') return [];
    const where = model.bind.node ? valueSpan(model.bind.node) : keySpan(model.gatewayProperty);
    const bind = model.bind.effective;
    const extra: string[] = [];
    if (isConfigured(model.slots['gateway.remote.token'])) extra.push(t('gateway.remote.token is for clients; it does not enable gateway auth.'));
    if (findProperty(model.gatewayNode, 'token')) extra.push(t('gateway.token is not read; use gateway.auth.token.'));
    const message = model.bind.defaulted
      ? t('Inside a container the gateway binds to "auto" (all interfaces) by default, and there is no token or password: it refuses to start ("Refusing to bind gateway to {0} without auth"). Add token auth or set gateway.bind to "loopback".', bind)
      : mode === 'none'
        ? t('gateway.bind is "{0}" and gateway.auth.mode is "none": the gateway refuses to start ("Refusing to bind gateway to {0} without auth"). Use token auth or bind to "loopback".', bind)
        : t('gateway.bind is "{0}" but no token or password is configured: the gateway refuses to start ("Refusing to bind gateway to {0} without auth"). Add token auth or bind to "loopback".', bind);
    return [{ ...where, message: extra.length > 0 ? `${message} ${extra.join(' ')}` : message }];
  },
};

const BIND_ALIASES: Readonly<Record<string, string>> = {
  '0.0.0.0': 'lan',
  '::': 'lan',
  '[::]': 'lan',
  '*': 'lan',
  all: 'lan',
  localhost: 'loopback',
  '127.0.0.1': 'loopback',
  '::1': 'loopback',
  '[::1]': 'loopback',
  local: 'loopback',
};

export const bindInvalid: RuleDefinition = {
  code: 'bind-invalid',
  defaultSeverity: 'error',
  docs: {
    summary: 'gateway.bind is not one of auto, lan, loopback, custom, tailnet (for example "0.0.0.0", "localhost" or "127.0.0.1").',
    openclaw: '`openclaw config validate` rejects the file. `openclaw gateway run` silently rewrites it ("0.0.0.0" becomes "lan", listening on every interface) and keeps a .bak.',
    fix: 'Use "loopback" for this machine only, or "lan" for all interfaces (with auth).',
  },
  fixes: (finding, ctx) => {
    const bind = finding.data.suggestedBind;
    return bind ? present(replaceWith(ctx, ['gateway', 'bind'], stringLiteral(ctx.doc, bind, ctx.model.bind.node), t('Set gateway.bind to "{0}"', bind), true, true)) : [];
  },
  check: ({ model }) => {
    if (!model || !model.bind.node) return [];
    const value = model.bind.value;
    if (typeof value === 'string' && (BIND_MODES as readonly string[]).includes(value)) return [];
    const suggestion = typeof value === 'string' ? BIND_ALIASES[value.trim().toLowerCase()] : undefined;
    const shown = typeof value === 'string' ? value : String(value);
    let message: string;
    if (suggestion === 'lan') {
      message = t('gateway.bind "{0}" is not a bind mode. `openclaw config validate` rejects it, and `gateway run` silently rewrites it to "lan" and listens on every interface. Use "lan" if you mean that, or "loopback" for this machine only.', shown);
    } else if (suggestion === 'loopback') {
      message = t('gateway.bind "{0}" is a host, not a bind mode: `openclaw config validate` rejects it. Use "loopback".', shown);
    } else {
      message = t('gateway.bind must be one of auto, lan, loopback, custom, tailnet; OpenClaw rejects "{0}".', shown);
    }
    return [{ ...valueSpan(model.bind.node), message, data: suggestion ? { suggestedBind: suggestion } : {} }];
  },
};

export const tokenMisplaced: RuleDefinition = {
  code: 'token-misplaced',
  defaultSeverity: 'warning',
  docs: {
    summary: 'gateway.token (or gateway.password) instead of gateway.auth.token.',
    openclaw: 'OpenClaw does not read gateway.token: its schema rejects the key ("Unrecognized key") and the gateway prints \'Found "gateway.token" in config. Use "gateway.auth.token" instead.\'',
    fix: 'Move the value into gateway.auth.token.',
  },
  fixes: (finding, ctx) => misplacedFixes(finding.data.key === 'password' ? 'password' : 'token', ctx),
  check: ({ model }) => {
    if (!model || model.gatewayNode?.type !== 'object') return [];
    const out: RawFinding[] = [];
    for (const key of ['token', 'password'] as const) {
      const property = findProperty(model.gatewayNode, key);
      if (!property) continue;
      const target = key === 'token' ? 'gateway.auth.token' : 'gateway.auth.password';
      const existing = model.slots[target];
      out.push({
        ...keySpan(property),
        message: t('gateway.{0} is not read by OpenClaw: the schema rejects it ("Unrecognized key") and the gateway does not use it. Move it to {1}.', key, target),
        related: existing.node ? [{ ...valueSpan(existing.node), message: t('{0} is already set here', target) }] : [],
        data: { slot: target, key },
      });
    }
    return out;
  },
};

/** OpenClaw's isSecureWebSocketUrl: hosts where plaintext ws:// is allowed. */
export function plaintextAllowedHost(hostname: string, env: Readonly<Record<string, string | undefined>>): boolean {
  let host = hostname.toLowerCase().replace(/\.+$/, '');
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  if (family === 4) {
    const [a, b] = host.split('.').map(Number);
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (family === 6) {
    if (host === '::1') return true;
    if (host === '::' || host.startsWith('ff')) return false;
    return /^fe[89ab]/.test(host) || /^f[cd]/.test(host) || /^::ffff:(127|10)\./.test(host);
  }
  if (host.endsWith('.local') || host.endsWith('.ts.net')) return true;
  return env.OPENCLAW_ALLOW_INSECURE_PRIVATE_WS === '1';
}

export const remoteUrlInsecure: RuleDefinition = {
  code: 'remote-url-insecure',
  defaultSeverity: 'error',
  docs: {
    summary: 'gateway.remote.url uses plaintext ws:// to a host that is not loopback, private, .local or .ts.net.',
    openclaw: 'The token would travel in clear text, and OpenClaw\'s CLI refuses to connect: "SECURITY ERROR: Gateway URL "ws://…" uses plaintext ws:// to a non-loopback address."',
    fix: 'Use wss:// (and optionally gateway.remote.tlsFingerprint), or reach the gateway through an SSH tunnel or Tailscale.',
  },
  check: ({ model, env }) => {
    if (!model || !model.remoteUrl.node || model.remoteUrl.value === undefined) return [];
    let url: URL;
    try {
      url = new URL(model.remoteUrl.value.trim());
    } catch {
      return [];
    }
    if (url.protocol !== 'ws:' || plaintextAllowedHost(url.hostname, env)) return [];
    return [
      {
        ...valueSpan(model.remoteUrl.node),
        message: t('gateway.remote.url sends the token in clear text over ws:// to {0}. OpenClaw\'s CLI refuses this ("SECURITY ERROR: … plaintext ws:// to a non-loopback address"). Use wss://, an SSH tunnel or Tailscale.', url.hostname),
      },
    ];
  },
};

export const portInvalid: RuleDefinition = {
  code: 'port-invalid',
  defaultSeverity: 'error',
  docs: {
    summary: 'gateway.port is not a whole number from 1 to 65535.',
    openclaw: '`openclaw config validate` rejects it; `openclaw gateway run` removes it from the file (keeping a .bak) and listens on 18789.',
    fix: 'Use a whole number from 1 to 65535 (the default is 18789).',
  },
  check: ({ model }) => {
    const node = model?.port.node;
    if (!model || !node) return [];
    const value = node.value;
    if (node.type === 'number' && typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return [];
    return [
      {
        ...valueSpan(node),
        message:
          node.type === 'string'
            ? t('gateway.port must be a number, not a string: OpenClaw rejects the file, and `gateway run` drops the port and listens on 18789.')
            : t('gateway.port must be a whole number from 1 to 65535: OpenClaw rejects the file, and `gateway run` drops the port and listens on 18789.'),
      },
    ];
  },
};


/** Token auth with one new token in auth.token and remote.token (and auth.mode "token"). */
function addTokenAuth(ctx: FixContext): FixProposal | undefined {
  const generated = generateForBoth(ctx, 'token', { preferred: true });
  if (!generated) return undefined;
  const mode = ctx.model.authMode.explicit;
  if (mode === undefined || mode === 'token') return { ...generated, title: t('Add token auth with a new generated token') };
  const edits = composeSteps(ctx.doc, [
    () => generated.edits,
    (doc) => setValueAtPath(doc, ['gateway', 'auth', 'mode'], stringLiteral(doc, 'token')) ?? [],
  ]);
  return edits ? { ...generated, title: t('Add token auth with a new generated token'), edits } : undefined;
}

/** Moves gateway.token (or .password) under gateway.auth, merging into an existing auth object. */
function misplacedFixes(key: 'token' | 'password', ctx: FixContext): FixProposal[] {
  const property = findProperty(ctx.model.gatewayNode, key);
  const value = property?.children?.[1];
  if (!property || !value) return [];
  const target = ctx.model.slots[key === 'token' ? 'gateway.auth.token' : 'gateway.auth.password'];
  const text = sourceOf(ctx.doc, value);
  // A remote secret that was in sync with auth keeps in sync: the same secret belongs in both.
  const remote = ctx.model.slots[key === 'token' ? 'gateway.remote.token' : 'gateway.remote.password'];
  const syncRemote =
    target.resolved.state === 'value' && remote.resolved.state === 'value' && remote.resolved.value === target.resolved.value && remote.spec.kind === 'literal' && remote.spec.envParts.length === 0;
  const move = composeSteps(ctx.doc, [
    (doc) => setValueAtPath(doc, ['gateway', 'auth', key], text) ?? [],
    ...(syncRemote ? [(doc: typeof ctx.doc) => setValueAtPath(doc, ['gateway', 'remote', key], text) ?? []] : []),
    (doc) => {
      const again = findProperty(findProperty(doc.root, 'gateway')?.children?.[1], key);
      return again ? removeProperty(doc, again) : [];
    },
  ]);
  if (!target.node) {
    return move ? [{ title: t('Move gateway.{0} to gateway.auth.{0}', key), isPreferred: true, safe: true, edits: move }] : [];
  }
  const keep = removeProperty(ctx.doc, property);
  return present(
    { title: t('Keep gateway.auth.{0} and remove gateway.{0}', key), isPreferred: true, safe: false, edits: keep },
    move ? { title: t('Use the value of gateway.{0} in gateway.auth.{0}', key), safe: false, edits: move } : undefined,
  );
}
