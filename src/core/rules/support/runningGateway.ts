import { mergedAt, type MergedValue } from '../../effective/configSources';
import { allServiceSources, servesConfig } from '../../effective/serviceSources';
import type { GatewayModel } from '../../gatewayModel';
import { stringValue } from '../../jsonTree';
import type { Span } from '../ruleTypes';
import { spanIn } from './sourceSpans';

/** Where findings about the running gateway anchor: gateway.port, else the gateway section, else the file's start. */
export function portSpan(model: GatewayModel): Span {
  const node = model.port.node ?? model.gatewayProperty;
  return node ? spanIn(node, model.port.file) : { offset: 0, length: 0 };
}

function reloadMode(root: MergedValue | undefined): string | undefined {
  const mode = mergedAt(root, ['gateway', 'reload', 'mode']);
  return mode?.kind === 'leaf' ? stringValue(mode.at.node) : undefined;
}

/**
 * Files a running gateway read only when it started, with their modification times: the `.env`
 * files of the gateway side, the files of the services that run this config, and (with
 * gateway.reload.mode "off", which turns hot reload off) the config and its includes. OpenClaw
 * hot-applies gateway.auth.token and most settings otherwise (docs/gateway/configuration/hot-reload.md).
 */
export function startupFiles(model: GatewayModel): Array<{ path: string; mtimeMs: number }> {
  const effective = model.effective;
  const mtime = (path: string): number | undefined => effective.reader?.mtime?.(path);
  const out = new Map<string, number>();
  const add = (path: string, ms: number | undefined): void => {
    if (ms !== undefined && !out.has(path)) out.set(path, ms);
  };
  for (const source of effective.dotenv) if (source.role === 'state' || source.role === 'gateway-env') add(source.path, mtime(source.path));
  const discovery = effective.serviceSources;
  if (discovery) {
    const served = new Set(discovery.services.filter((s) => servesConfig(s, effective.configPath)).flatMap((s) => s.sources));
    for (const source of allServiceSources(discovery)) if (served.has(source)) add(source.path, source.mtimeMs);
  }
  if (reloadMode(effective.assembled.root) === 'off') for (const source of effective.assembled.sources) if (source.path) add(source.path, mtime(source.path));
  return [...out].map(([path, mtimeMs]) => ({ path, mtimeMs }));
}
