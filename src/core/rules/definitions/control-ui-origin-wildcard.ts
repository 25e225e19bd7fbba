import { isRemoteMode } from '../../gatewayModel';
import { defineRule } from '../ruleTypes';
import { configuredOrigins, nonLoopbackBind } from '../support/controlUi';
import { spanIn } from '../support/sourceSpans';

export const rule = defineRule({
  meta: {
    code: 'control-ui-origin-wildcard',
    defaultSeverity: 'warning',
    docs: {
      summary: 'gateway.controlUi.allowedOrigins contains "*".',
      openclaw:
        'The gateway then accepts a WebSocket from a page of any site. `openclaw security audit` reports it (critical when the bind is not loopback): "gateway.controlUi.allowedOrigins includes "*" which means allow any browser origin for Control UI/WebChat requests. This disables origin allowlisting and should be treated as an intentional allow-all policy." Any web page open in a browser that can reach the gateway may then try to connect to it.',
      fix: 'Replace "*" with the origins your browsers open the Control UI from, for example "https://gateway.example.com".',
    },
    messages: {
      exposed:
        'gateway.controlUi.allowedOrigins contains "*" while the gateway listens beyond loopback (bind "{bind}"): a page from any site, in any browser that can reach the gateway, may connect to it; origin allowlisting is off. List the origins you open the Control UI from instead.',
      local: 'gateway.controlUi.allowedOrigins contains "*": a page from any site, in a browser on this machine, may connect to the gateway; origin allowlisting is off. List the origins you open the Control UI from instead.',
    },
  },
  check: ({ model, network }) => {
    if (!model || isRemoteMode(model)) return [];
    const star = configuredOrigins(model).find((o) => o.value.trim() === '*');
    if (!star) return [];
    const bind = nonLoopbackBind(model, network);
    const where = spanIn(star.node, star.source);
    return bind ? [{ ...where, messageId: 'exposed', args: { bind } }] : [{ ...where, severity: 'information', messageId: 'local' }];
  },
});
