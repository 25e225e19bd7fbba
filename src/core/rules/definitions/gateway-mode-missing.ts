import { msg } from '../../messages';
import { present, replaceWith } from '../../fixes/secretFixes';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule } from '../ruleTypes';
import { gatewayAnchor } from '../support/keySpans';
import { spanIn } from '../support/sourceSpans';

export const rule = defineRule({
  meta: {
    code: 'gateway-mode-missing',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.mode is missing (also when the file has no gateway object at all), or is not "local" or "remote".',
      openclaw: '`openclaw gateway run` refuses to start: "Gateway start blocked: existing config is missing gateway.mode" (exit 78). OpenClaw prints the same message when the file does not parse at all.',
      fix: 'Set gateway.mode to "local" on the machine that runs the gateway (or "remote" on a machine that only talks to one).',
    },
    messages: {
      missing: 'gateway.mode is missing: `openclaw gateway run` refuses to start ("existing config is missing gateway.mode", exit 78). Set it to "local" on the machine that runs the gateway.',
      invalid: 'gateway.mode must be "local" or "remote"; OpenClaw rejects the file and the gateway does not start.',
    },
    fixes: {
      setLocal: { summary: 'Set gateway.mode to "local" (creating the gateway object when there is none).', safe: true },
    },
  },
  check: ({ model, doc }) => {
    if (!model || doc.root?.type !== 'object' || model.hasInclude) return [];
    if (model.mode.node === undefined) return [{ ...gatewayAnchor(model, doc.root), messageId: 'missing' }];
    if (model.mode.value !== 'local' && model.mode.value !== 'remote') return [{ ...spanIn(model.mode.node, model.mode.source), messageId: 'invalid' }];
    return [];
  },
  fixes: (_finding, ctx) =>
    present(replaceWith(ctx, ['gateway', 'mode'], (doc) => stringLiteral(doc, 'local', ctx.model.mode.node), { fixId: 'setLocal', title: msg('Set gateway.mode to "local"'), safe: true, preferred: true })),
});
