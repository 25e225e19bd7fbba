import { parseConfigDocument, type ConfigDocument } from './configDocument';
import { buildGatewayModel, type GatewayModel } from './gatewayModel';
import { namedMsg } from './messages';
import { RULES } from './rules/ruleTable';
import type { Finding, RuleDefinition, Severity, SeveritySetting } from './rules/ruleTypes';
import { applySuppressions } from './suppressions';
import type { Environment } from './secretValues';

export interface AnalyzeOptions {
  env: Environment;
  /** True when OpenClaw would see a container (its default bind is then all interfaces). */
  inContainer?: boolean;
  /** Per-rule severity from the user's settings; 'off' drops the rule. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  /** The rule table; the built-in one unless a test brings its own. */
  rules?: readonly RuleDefinition[];
}

export interface Analysis {
  doc: ConfigDocument;
  model?: GatewayModel;
  findings: Finding[];
}

export function analyzeDocument(doc: ConfigDocument, options: AnalyzeOptions): Analysis {
  const model = doc.root ? buildGatewayModel(doc, { env: options.env, inContainer: options.inContainer ?? false }) : undefined;
  const rules = options.rules ?? RULES;
  const findings: Finding[] = [];
  const ctx = { doc, model, env: options.env, rules };
  for (const rule of rules) {
    const { meta } = rule;
    const setting = options.severities?.[meta.code];
    if (setting === 'off') continue;
    if (!doc.root && !meta.runsWithoutTree) continue;
    for (const raw of rule.check(ctx)) {
      const severity: Severity = setting && setting !== 'default' ? setting : (raw.severity ?? meta.defaultSeverity);
      findings.push({
        code: meta.code,
        severity,
        messageId: raw.messageId,
        message: namedMsg(meta.messages[raw.messageId], raw.args ?? {}),
        offset: raw.offset,
        length: raw.length,
        related: raw.related ?? [],
        data: raw.data ?? {},
      });
    }
  }
  const kept = applySuppressions(doc, findings, rules, options.severities);
  kept.sort((a, b) => a.offset - b.offset);
  return { doc, model, findings: kept };
}

/** Parses and analyzes a config text in one call. */
export function analyzeConfig(text: string, options: AnalyzeOptions): Analysis {
  return analyzeDocument(parseConfigDocument(text), options);
}
