import { defineRule } from '../ruleTypes';
import { spanIn } from '../support/sourceSpans';

export const rule = defineRule({
  meta: {
    code: 'port-invalid',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.port is not a whole number from 1 to 65535.',
      openclaw: '`openclaw config validate` rejects it; `openclaw gateway run` removes it from the file (keeping a .bak) and listens on 18789.',
      fix: 'Use a whole number from 1 to 65535 (the default is 18789).',
    },
    messages: {
      quoted: 'gateway.port must be a number, not a string: OpenClaw rejects the file, and `gateway run` drops the port and listens on 18789.',
      outOfRange: 'gateway.port must be a whole number from 1 to 65535: OpenClaw rejects the file, and `gateway run` drops the port and listens on 18789.',
    },
  },
  check: ({ model }) => {
    const node = model?.port.node;
    if (!model || !node) return [];
    const value = node.value;
    if (node.type === 'number' && typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return [];
    return [{ ...spanIn(node, model.port.file), messageId: node.type === 'string' ? 'quoted' : 'outOfRange' }];
  },
});
