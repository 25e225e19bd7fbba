import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { candidateCredentials, type GatewayModel } from '../gatewayModel';
import type { Environment } from '../secretValues';
import type { AttemptBudget } from './attemptBudget';
import { namingPlaces } from './credentialNames';
import { configuredAuthMode, diagnoseGateway, type Diagnosis } from './diagnose';
import { knownSecrets } from './knownSecrets';
import { probeGateway, type ProbeResult } from './probeGateway';
import { envRefusal, resolveProbeTarget, type ProbeTarget, type TargetOptions } from './probeTarget';

/**
 * One gateway check as the CLI and the status item both do it: where a client of this config
 * would connect, with which secret, under which sending policy and attempt budget; then, when
 * asked, which of the user's other secrets the gateway accepts.
 */
export interface ConfiguredGatewayCheck {
  model: GatewayModel;
  env: Environment;
  target: TargetOptions;
  clientVersion: string;
  budget: AttemptBudget;
  /** Secrets read elsewhere in this run (another config): the gateway's answers are checked against them too. */
  extraSecrets?: readonly string[];
}

interface Prepared {
  target: ProbeTarget;
  common: { clientVersion: string; tlsFingerprint?: string; tlsFingerprintSource?: string; knownSecrets: string[]; budget: AttemptBudget };
}

/**
 * The SHA-256 fingerprint of the certificate a local TLS gateway serves, read from the file it
 * serves it from; undefined when the file cannot be read (OpenClaw's clients then connect without
 * a pin and CA trust decides, which fails for its self-signed certificate).
 */
export async function certificateFingerprint(path: string): Promise<string | undefined> {
  try {
    return new X509Certificate(await readFile(path)).fingerprint256;
  } catch {
    return undefined;
  }
}

async function prepare(check: ConfiguredGatewayCheck): Promise<Prepared> {
  const target = resolveProbeTarget(check.model, check.env, check.target);
  // Everything this run could send or has read: the gateway's answers are checked against all of it.
  const secrets = [...knownSecrets(check.model, check.env, [target.url, check.target.urlOverride]), ...(check.extraSecrets ?? [])];
  const local = target.tlsCertificate ? await certificateFingerprint(target.tlsCertificate) : undefined;
  const pin = target.tlsFingerprint !== undefined
    ? { tlsFingerprint: target.tlsFingerprint, tlsFingerprintSource: 'gateway.remote.tlsFingerprint' }
    : local !== undefined
      ? { tlsFingerprint: local, tlsFingerprintSource: `gateway.tls.certPath (${target.tlsCertificate ?? ''})` }
      : {};
  return { target, common: { clientVersion: check.clientVersion, ...pin, knownSecrets: secrets, budget: check.budget } };
}

/**
 * The probe with the secret a client of this config would send; `refused` when the target was
 * refused before anything was sent (then there is nothing to diagnose either).
 */
export async function probeConfiguredGateway(check: ConfiguredGatewayCheck): Promise<{ probe: ProbeResult; refused: boolean }> {
  const { target, common } = await prepare(check);
  const probe = await probeGateway({ url: target.url, credential: target.credential, refusal: target.refusal, envVariable: target.envVariable, ...common });
  return { probe, refused: target.refusal !== undefined };
}

/** After `first` was rejected: which of the user's other secrets does the running gateway accept? */
export async function diagnoseConfiguredGateway(check: ConfiguredGatewayCheck, first: ProbeResult): Promise<Diagnosis> {
  const { target, common } = await prepare(check);
  return diagnoseGateway({
    first,
    url: target.url,
    candidates: target.refusal ? [] : candidateCredentials(check.model),
    configuredAuthMode: configuredAuthMode(check.model, check.target.urlOverride),
    places: namingPlaces(check.model),
    refuse: (credential) => envRefusal(check.model, credential, check.target.policy),
    probe: (credential) => probeGateway({ url: target.url, credential, ...common }),
  });
}
