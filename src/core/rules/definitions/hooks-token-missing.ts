import { leafAt } from '../../effective/configSources';
import { isRemoteMode } from '../../gatewayModel';
import { stringValue } from '../../jsonTree';
import { msg } from '../../messages';
import { envPartsOf } from '../../secretValues';
import { setValueWhereItLives } from '../../fixes/sourceEdits';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule, type RawFinding } from '../ruleTypes';
import { spanIn } from '../support/sourceSpans';

type MessageId = 'noToken' | 'rootPath';

export const rule = defineRule({
  meta: {
    code: 'hooks-token-missing',
    defaultSeverity: 'error',
    docs: {
      summary: 'hooks.enabled is true but hooks.token is missing or blank, or hooks.path is "/".',
      openclaw: 'The gateway exits 1 at start-up: "hooks.enabled requires hooks.token". A hooks.path of "/" (after trimming slashes) stops it the same way: "hooks.path may not be \'/\'".',
      fix: 'Give hooks.token a secret of its own (the quick fix generates one; whatever sends hooks must then send it), or set hooks.enabled to false. Use a hooks.path such as "/hooks".',
    },
    messages: {
      noToken: 'hooks.enabled is true but hooks.token is {why}: the gateway exits 1 at start-up ("hooks.enabled requires hooks.token"). Give hooks its own token, or set hooks.enabled to false.',
      rootPath: 'hooks.path is "{path}", which OpenClaw reads as "/": the gateway exits 1 at start-up ("hooks.path may not be \'/\'"). Use a path such as "/hooks".',
    },
    fixes: {
      generateHooksToken: { summary: 'Generate a strong hooks.token (whatever sends hooks must then use it).', safe: false },
    },
  },
  check: ({ model }) => {
    if (!model || isRemoteMode(model) || model.hasInclude) return [];
    const root = model.effective.assembled.root;
    const enabled = leafAt(root, ['hooks', 'enabled']);
    if (enabled?.node.type !== 'boolean' || enabled.node.value !== true) return [];
    const out: Array<RawFinding<MessageId>> = [];
    const token = leafAt(root, ['hooks', 'token']);
    const raw = stringValue(token?.node);
    if (!token) out.push({ ...spanIn(enabled.node, enabled.source), messageId: 'noToken', args: { why: msg('not set') } });
    else if (raw?.trim() === '') out.push({ ...spanIn(token.node, token.source), messageId: 'noToken', args: { why: msg('blank') } });
    const path = leafAt(root, ['hooks', 'path']);
    const pathValue = stringValue(path?.node)?.trim();
    // OpenClaw adds a leading slash and trims trailing ones; only a path of slashes is left as "/".
    if (path && pathValue && /^\/+$/.test(pathValue)) out.push({ ...spanIn(path.node, path.source), messageId: 'rootPath', args: { path: pathValue } });
    return out;
  },
  fixes: (finding, ctx) => {
    if (finding.messageId !== 'noToken' || ctx.onlySafe) return [];
    const at = leafAt(ctx.model.effective.assembled.root, ['hooks', 'token']);
    const raw = stringValue(at?.node);
    if (raw !== undefined && envPartsOf(raw).length > 0) return [];
    const secret = ctx.generateToken();
    const edits = setValueWhereItLives(ctx.model, ctx.doc, ['hooks', 'token'], (doc) => stringLiteral(doc, secret, at?.node));
    return edits ? [{ fixId: 'generateHooksToken', title: msg('Generate a strong hooks.token'), safe: false, isPreferred: true, generatesSecret: true, edits }] : [];
  },
});
