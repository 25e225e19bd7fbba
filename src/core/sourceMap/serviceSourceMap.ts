import { servesConfig, setServiceValue, type EditContext, type ServiceDiscovery, type ServiceSource } from '../effective/serviceSources';
import type { TextEdit } from '../fixes/textEdits';
import { msg } from '../messages';
import type { PortListener } from '../portListener';
import { fingerprint } from '../secretValues';
import type { ExternalSecretSource, SourceReader } from './sourceMap';

/**
 * Service units, their environment files, launchd agents and shell profiles (service discovery)
 * as places of the source map. The map needs who reads each file: a service that runs this
 * config's gateway reads it at its next start, one that runs another config's gateway is no
 * reader of this config's secret, new shells read profiles. The running gateway's start time
 * tells whether it started before the file last changed (it then runs with an older value).
 */

export interface MappedServiceSource extends ExternalSecretSource {
  /** The discovered file itself (what `setServiceValue` edits). */
  service: ServiceSource;
}

export interface ServiceMapFacts {
  /** The config whose map this is (services of another config read nothing of it). */
  configPath: string;
  /** Who listens on the config's port now, when known. */
  listener?: PortListener;
  /** The fingerprint of the secret the running gateway accepted at the last check. */
  acceptedFingerprint?: string;
  edit: EditContext;
}

/** The running gateway accepted this file's value and started after the file was written: it runs with it. */
function runsWith(facts: ServiceMapFacts, source: ServiceSource): boolean {
  const started = facts.listener?.process?.isGateway ? facts.listener.process.startedAtMs : undefined;
  if (facts.acceptedFingerprint === undefined || started === undefined || source.mtimeMs === undefined || started < source.mtimeMs) return false;
  return source.assignments.some((a) => fingerprint(a.value) === facts.acceptedFingerprint);
}

function startedBefore(listener: PortListener | undefined, source: ServiceSource): boolean {
  const started = listener?.process?.isGateway ? listener.process.startedAtMs : undefined;
  return started !== undefined && source.mtimeMs !== undefined && started < source.mtimeMs;
}

export function serviceSecretSources(discovery: ServiceDiscovery | undefined, facts: ServiceMapFacts): MappedServiceSource[] {
  if (!discovery) return [];
  const out: MappedServiceSource[] = [];
  for (const service of discovery.services) {
    const ours = servesConfig(service, facts.configPath);
    for (const source of service.sources) {
      // A service of this config is left to the map's own rule (the gateway takes the config's secret first),
      // unless the running gateway is seen to use this file's value.
      const readers: SourceReader[] | undefined = !ours ? [] : runsWith(facts, source) ? ['gateway-now', 'service'] : undefined;
      const note = !ours
        ? msg('not used: this service runs the gateway of {0}', service.configPath ?? '')
        : startedBefore(facts.listener, source)
          ? msg('the running gateway started before this file changed; run: {0}', source.service?.applyCommand ?? service.identity.applyCommand)
          : undefined;
      out.push({ kind: source.kind, path: source.path, text: source.text, assignments: source.assignments, service: source, ...(readers ? { readers } : {}), ...(note ? { note } : {}) });
    }
  }
  for (const profile of discovery.profiles) {
    // Only exported variables reach the processes a shell starts.
    const assignments = profile.assignments.filter((a) => a.exported !== false);
    out.push({ kind: profile.kind, path: profile.path, text: profile.text, assignments, readers: ['new-shells'], service: profile });
  }
  return out;
}

/** The map's plug-in for discovered service sources: the places and the function that writes one. */
export function serviceMapExtras(
  discovery: ServiceDiscovery | undefined,
  facts: ServiceMapFacts,
): { sources: MappedServiceSource[]; setValue: (source: ExternalSecretSource, name: string, value: string) => readonly TextEdit[] | undefined } {
  const sources = serviceSecretSources(discovery, facts);
  const files = new Map<ExternalSecretSource, ServiceSource>(sources.map((s) => [s, s.service]));
  return {
    sources,
    setValue: (source, name, value) => {
      const file = files.get(source);
      return file ? setServiceValue(file, name, value, facts.edit) : undefined;
    },
  };
}

/** The commands that make the services read files an agree plan edits (for the user to run). */
export function applyCommandsFor(files: Iterable<string>, sources: readonly MappedServiceSource[]): string[] {
  const edited = new Set(files);
  const commands = new Set<string>();
  for (const source of sources) if (edited.has(source.path) && source.service.service?.applyCommand) commands.add(source.service.service.applyCommand);
  return [...commands];
}
