import { parseConfigDocument, type ConfigDocument } from './configDocument';
import { buildGatewayModel, type GatewayModel } from './gatewayModel';
import { RULES } from './rules/ruleTable';
import type { Finding, RuleCode, Severity, SeveritySetting } from './rules/ruleTypes';
import type { Environment } from './secretValues';

export interface AnalyzeOptions {
  env: Environment;
  /** True when OpenClaw would see a container (its default bind is then all interfaces). */
  inContainer?: boolean;
  /** Per-rule severity from the user's settings; 'off' drops the rule. */
  severities?: Partial<Record<RuleCode, SeveritySetting>>;
}

export interface Analysis {
  doc: ConfigDocument;
  model?: GatewayModel;
  findings: Finding[];
}

export function analyzeDocument(doc: ConfigDocument, options: AnalyzeOptions): Analysis {
  const model = doc.root ? buildGatewayModel(doc, { env: options.env, inContainer: options.inContainer ?? false }) : undefined;
  const findings: Finding[] = [];
  const ctx = { doc, model, env: options.env };
  for (const rule of RULES) {
    const setting = options.severities?.[rule.code];
    if (setting === 'off') continue;
    // Without a tree only the syntax rule can say anything true.
    if (!doc.root && rule.code !== 'syntax-error') continue;
    for (const raw of rule.check(ctx)) {
      const severity: Severity = setting && setting !== 'default' ? setting : raw.severity ?? rule.defaultSeverity;
      findings.push({
        code: rule.code,
        severity,
        message: raw.message,
        offset: raw.offset,
        length: raw.length,
        related: raw.related ?? [],
        data: raw.data ?? {},
      });
    }
  }
  findings.sort((a, b) => a.offset - b.offset);
  return { doc, model, findings };
}

/** Parses and analyzes a config text in one call. */
export function analyzeConfig(text: string, options: AnalyzeOptions): Analysis {
  return analyzeDocument(parseConfigDocument(text), options);
}
