import { dotenvPaths, refersToVariable, type IgnoredValue } from '../../effective/environmentLayers';
import type { GatewayModel } from '../../gatewayModel';
import { defineRule, type RawFinding, type Span } from '../ruleTypes';
import { displayPath, dotenvKeySpan, originSpan } from '../support/envOrigins';

/**
 * Places OpenClaw reads a variable from and then refuses it, without a word: an OPENCLAW_* key in
 * the working directory's `.env` (dist/dotenv-*.mjs → src/infra/dotenv.ts,
 * shouldBlockWorkspaceStaticDotEnvKey with BLOCKED_WORKSPACE_DOTENV_PREFIXES), and `env` entries
 * of the config that isConfigRuntimeEnvVarAllowed rejects (src/config/config-env-vars.ts).
 */

type BlockedMessageId = 'workspaceBlocked' | 'envVarsReference' | 'envVarsBlockedKey';

interface Blocked {
  ignored: IgnoredValue;
  span: Span;
}

function blockedValues(model: GatewayModel): Blocked[] {
  const byPlace = new Map<string, Blocked>();
  for (const view of [model.effective.gatewayEnv, model.effective.clientEnv]) {
    for (const ignored of view.ignored) {
      const { variable, why } = ignored;
      let span: Span | undefined;
      if (why === 'workspace-blocked' && variable.name.toUpperCase().startsWith('OPENCLAW_') && variable.origin.kind === 'dotenv' && variable.origin.entry) {
        span = dotenvKeySpan(variable.origin.source, variable.origin.entry);
      } else if (why === 'config-not-allowed') {
        span = originSpan(variable.origin);
      }
      if (span) byPlace.set(`${span.file ?? ''}\0${span.offset}`, { ignored, span });
    }
  }
  return [...byPlace.values()];
}

export const rule = defineRule({
  meta: {
    code: 'dotenv-blocked',
    defaultSeverity: 'warning',
    docs: {
      summary:
        "An OPENCLAW_* variable in the working directory's .env file, or an env.vars entry OpenClaw refuses (a value with a ${VAR} reference, or OPENCLAW_INCLUDE_ROOTS, OPENCLAW_CONFIG_READONLY, OPENCLAW_ALLOW_OLDER_BINARY_DESTRUCTIVE_ACTIONS).",
      openclaw:
        'OpenClaw reads the .env file of the directory it runs in, but refuses every key starting with OPENCLAW_ from it (BLOCKED_WORKSPACE_DOTENV_PREFIXES in src/infra/dotenv.ts), so a gateway token placed there does nothing. It also skips env.vars entries whose value holds a ${VAR} reference and the keys OPENCLAW_INCLUDE_ROOTS, OPENCLAW_CONFIG_READONLY and OPENCLAW_ALLOW_OLDER_BINARY_DESTRUCTIVE_ACTIONS (isConfigRuntimeEnvVarAllowed in src/config/config-env-vars.ts). Neither prints a warning.',
      fix: "Move OPENCLAW_* variables to ~/.openclaw/.env (the state directory's .env), which the gateway and the CLI read; write env.vars values literally, and set the refused keys in the gateway's own environment.",
    },
    messages: {
      workspaceBlocked:
        '{name} in {file} is ignored: OpenClaw reads the .env file of the directory it runs in, but refuses every key starting with OPENCLAW_ from it (BLOCKED_WORKSPACE_DOTENV_PREFIXES), without a warning. Put it in {stateEnv}, which the gateway and the CLI read.',
      envVarsReference:
        "{name} in the config's env section is ignored: its value refers to another variable with ${…}, and OpenClaw never applies an env.vars value that holds such a reference (isConfigRuntimeEnvVarAllowed). Write the value itself, or set {name} where that variable is set.",
      envVarsBlockedKey:
        "{name} cannot be set from the config's env section: OpenClaw refuses OPENCLAW_INCLUDE_ROOTS, OPENCLAW_CONFIG_READONLY and OPENCLAW_ALLOW_OLDER_BINARY_DESTRUCTIVE_ACTIONS there (isBlockedConfigEnvVar) and ignores the entry without a warning. Set it in the gateway's own environment instead.",
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<BlockedMessageId>> = [];
    const { home, configPath } = model.effective;
    // The config dir's .env: the one file both `gateway run` and the CLI read.
    const stateEnv = dotenvPaths('client', model.effective.gatewayEnv.values, configPath, home)[0].path;
    for (const { ignored, span } of blockedValues(model)) {
      const { variable, why } = ignored;
      if (why === 'workspace-blocked') {
        out.push({ ...span, messageId: 'workspaceBlocked', args: { name: variable.name, file: displayPath(span.file ?? '', home), stateEnv: displayPath(stateEnv, home) } });
      } else {
        out.push({ ...span, messageId: refersToVariable(variable.value) ? 'envVarsReference' : 'envVarsBlockedKey', args: { name: variable.name } });
      }
    }
    return out;
  },
});
