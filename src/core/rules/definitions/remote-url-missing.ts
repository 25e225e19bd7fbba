import { isRemoteMode } from '../../gatewayModel';
import { msg } from '../../messages';
import { replaceWith, present } from '../../fixes/secretFixes';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule } from '../ruleTypes';
import { spanIn } from '../support/sourceSpans';

export const rule = defineRule({
  meta: {
    code: 'remote-url-missing',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.mode is "remote" but gateway.remote.url is missing or blank (and OPENCLAW_GATEWAY_URL is not set for the CLI).',
      openclaw:
        'Every CLI command that talks to the gateway stops before connecting, with no fallback to a local gateway: "gateway remote mode misconfigured: gateway.remote.url missing" … "Fix: set gateway.remote.url, or set gateway.mode=local." `openclaw status` shows "Gateway target: (missing gateway.remote.url)".',
      fix: 'Set gateway.remote.url to the gateway\'s wss:// URL, or set gateway.mode to "local" on the machine that runs the gateway.',
    },
    messages: {
      missing:
        'gateway.mode is "remote" but gateway.remote.url is {why}: every OpenClaw CLI command stops before connecting ("gateway remote mode misconfigured: gateway.remote.url missing"); it does not fall back to a local gateway. Set gateway.remote.url, or set gateway.mode to "local".',
    },
    fixes: {
      modeLocal: { summary: 'Set gateway.mode to "local" (this machine runs the gateway).', safe: false },
    },
  },
  check: ({ model }) => {
    if (!model?.mode.node || !isRemoteMode(model) || model.hasInclude) return [];
    if (model.remoteUrl.value?.trim()) return [];
    // An environment override names the target instead (client-url-override says what that means).
    if (model.effective.clientEnv.get('OPENCLAW_GATEWAY_URL')?.value.trim()) return [];
    const at = model.remoteUrl.node ?? model.mode.node;
    const source = model.remoteUrl.node ? model.remoteUrl.source : model.mode.source;
    return [{ ...spanIn(at, source), messageId: 'missing', args: { why: model.remoteUrl.node ? msg('blank') : msg('not set') } }];
  },
  fixes: (_finding, ctx) =>
    present(replaceWith(ctx, ['gateway', 'mode'], (doc) => stringLiteral(doc, 'local', ctx.model.mode.node), { fixId: 'modeLocal', title: msg('Set gateway.mode to "local"'), safe: false })),
});
