import { candidateCredentials, type GatewayModel } from '../core/gatewayModel';
import { diagnoseGateway, type Diagnosis } from '../core/probe/diagnose';
import { probeGateway, type ProbeResult } from '../core/probe/probeGateway';
import { resolveProbeTarget } from '../core/probe/probeTarget';
import type { Environment } from '../core/secretValues';
import { VERSION } from './version';

export interface GatewayCheckOptions {
  env: Environment;
  url?: string;
  allowInsecure: boolean;
  diagnose: boolean;
}

/** `--probe` and `--diagnose`: ask the running gateway about the config's credential. */
export async function checkGateway(model: GatewayModel, options: GatewayCheckOptions): Promise<{ probe: ProbeResult; diagnosis?: Diagnosis }> {
  const target = resolveProbeTarget(model, options.env, { urlOverride: options.url, allowInsecureRemote: options.allowInsecure });
  const tlsFingerprint = model.tlsFingerprint;
  const probe = await probeGateway({ url: target.url, credential: target.credential, refusal: target.refusal, clientVersion: VERSION, tlsFingerprint });
  if (!options.diagnose || target.refusal) return { probe };
  const diagnosis = await diagnoseGateway({
    first: probe,
    url: target.url,
    candidates: candidateCredentials(model),
    probe: (credential) => probeGateway({ url: target.url, credential, clientVersion: VERSION, tlsFingerprint }),
  });
  return { probe, diagnosis };
}
