import { removeServiceValue, servesConfig, setServiceValue, type DiscoveredService, type ServiceSource, type ServiceValue } from '../../effective/serviceSources';
import type { ServiceAssignment } from '../../effective/serviceText';
import type { TextEdit } from '../../fixes/textEdits';
import { isConfigured, type EnvSecretName, type GatewayModel, type SecretPath, type SecretSlot } from '../../gatewayModel';
import { referencedVariables } from '../../secretValues';
import type { Span } from '../ruleTypes';
import { resolvedValue } from './secretSlots';

/**
 * The gateway secrets written in service definitions and shell profiles, set against the secret
 * the analysed config gives the gateway (docs/openclaw-effective-config.md §2.6, §2.9).
 */

export const SECRET_VARIABLES: ReadonlyArray<{ name: EnvSecretName; slot: SecretPath }> = [
  { name: 'OPENCLAW_GATEWAY_TOKEN', slot: 'gateway.auth.token' },
  { name: 'OPENCLAW_GATEWAY_PASSWORD', slot: 'gateway.auth.password' },
];

/**
 * The gateway's secret as the analysis sees it, and whether the config decides it: a configured
 * gateway.auth.* that does not read the variable wins over any environment (config-first); else the
 * variable in the gateway's environment (process, `.env` files, env.vars) is the secret.
 */
export interface ExpectedSecret {
  value: string;
  /** The config slot decides; the variable is ignored by the gateway. */
  configWins: boolean;
  slot: SecretSlot;
}

export function expectedSecret(model: GatewayModel, name: EnvSecretName, slotPath: SecretPath): ExpectedSecret | undefined {
  const slot = model.slots[slotPath];
  const configWins = isConfigured(slot) && !referencedVariables(slot.spec).includes(name);
  if (configWins) {
    const value = resolvedValue(slot);
    return value === undefined ? undefined : { value, configWins, slot };
  }
  const value = model.env[name].value;
  return value === undefined ? undefined : { value, configWins, slot };
}

/** A secret written in a service's files that the service's gateway would start with. */
export interface ServiceSecret {
  service: DiscoveredService;
  name: EnvSecretName;
  slotPath: SecretPath;
  written: ServiceValue;
}

export function serviceSecrets(model: GatewayModel): ServiceSecret[] {
  const discovery = model.effective.serviceSources;
  if (!discovery) return [];
  const out: ServiceSecret[] = [];
  for (const service of discovery.services) {
    if (!servesConfig(service, model.effective.configPath)) continue;
    for (const { name, slot } of SECRET_VARIABLES) {
      const written = service.environment.get(name);
      if (!written || written.assignment.dynamic || !written.value.trim()) continue;
      out.push({ service, name, slotPath: slot, written });
    }
  }
  return out;
}

/** A profile's last exported assignment of a gateway secret (the one a new shell ends with). */
export interface ProfileSecret {
  source: ServiceSource;
  name: EnvSecretName;
  slotPath: SecretPath;
  assignment: ServiceAssignment;
}

export function profileSecrets(model: GatewayModel): ProfileSecret[] {
  const out: ProfileSecret[] = [];
  for (const source of model.effective.serviceSources?.profiles ?? []) {
    for (const { name, slot } of SECRET_VARIABLES) {
      const last = source.assignments.filter((a) => a.name === name).pop();
      if (!last?.exported || last.dynamic || !last.value.trim()) continue;
      out.push({ source, name, slotPath: slot, assignment: last });
    }
  }
  return out;
}

export function assignmentSpan(source: ServiceSource, assignment: ServiceAssignment): Span {
  return assignment.valueLength > 0
    ? { offset: assignment.valueOffset, length: assignment.valueLength, file: source.path }
    : { offset: assignment.statementOffset, length: assignment.statementLength, file: source.path };
}

/** Edits that remove the variable from every file of the service (an inline value under an env file would otherwise come back). */
export function removeFromService(model: GatewayModel, service: DiscoveredService, name: string): TextEdit[] | undefined {
  const ctx = { home: model.effective.home, uid: model.effective.uid };
  const edits: TextEdit[] = [];
  for (const source of service.sources) {
    if (!source.assignments.some((a) => a.name === name)) continue;
    const removal = removeServiceValue(source, name, ctx);
    if (!removal) return undefined;
    edits.push(...removal);
  }
  return edits.length > 0 ? edits : undefined;
}

export function setInSource(model: GatewayModel, source: ServiceSource, name: string, value: string): TextEdit[] | undefined {
  return setServiceValue(source, name, value, { home: model.effective.home, uid: model.effective.uid });
}
