import type { CandidateCredential, CredentialSource } from '../gatewayModel';
import { msg, type Message } from '../messages';
import type { ProbeResult, ProbeState } from './probeGateway';

export type Verdict =
  | 'configured-accepted'
  | 'env-overrides-file'
  | 'gateway-runs-old-token'
  | 'client-token-stale'
  | 'no-candidate-accepted'
  | 'rate-limited'
  | 'not-a-rejection';

export interface Diagnosis {
  /** The credential source the running gateway accepts, never its value. */
  accepted: CredentialSource | null;
  tried: Array<{ source: CredentialSource; state: ProbeState; code: string | null }>;
  verdict: Verdict;
  advice: Message;
}

export interface DiagnoseInput {
  /** The probe with the credential a client would send (already done). */
  first: ProbeResult;
  url: string;
  /** Every distinct secret the user has (auth.*, remote.*, env), from candidateCredentials(). */
  candidates: readonly CandidateCredential[];
  probe: (credential: CandidateCredential) => Promise<ProbeResult>;
}

/**
 * "The file is right but it still says mismatch": tries each other distinct secret the user has,
 * once each and one at a time (each failure costs a growing delay on the gateway), and says which
 * one the running gateway accepts.
 */
export async function diagnoseGateway(input: DiagnoseInput): Promise<Diagnosis> {
  const { first } = input;
  const tried: Diagnosis['tried'] = [];
  if (first.credentialSource) tried.push({ source: first.credentialSource, state: first.state, code: first.code });
  if (first.state === 'authorized') {
    return { accepted: first.credentialSource, tried, verdict: 'configured-accepted', advice: msg('The gateway accepts {0}; nothing to diagnose.', first.credentialSource ?? '') };
  }
  if (first.state !== 'rejected') {
    return { accepted: null, tried, verdict: 'not-a-rejection', advice: msg('The gateway did not reject a secret (state: {0}); diagnosis needs a running gateway that answers "mismatch".', first.state) };
  }
  let accepted: CandidateCredential | undefined;
  for (const candidate of input.candidates) {
    if (candidate.source === first.credentialSource) continue;
    const result = await input.probe(candidate);
    tried.push({ source: candidate.source, state: result.state, code: result.code });
    if (result.state === 'authorized') {
      accepted = candidate;
      break;
    }
    if (result.state === 'rate-limited') {
      return { accepted: null, tried, verdict: 'rate-limited', advice: msg('The gateway started rate-limiting the attempts; wait, then fix the token before checking again.') };
    }
  }
  const sent = first.credentialSource ?? 'gateway.auth.token';
  if (!accepted) {
    return {
      accepted: null,
      tried,
      verdict: 'no-candidate-accepted',
      advice: msg('None of your configured secrets is accepted: the running gateway uses a token that is in neither the file nor this environment (one generated at start-up, another config, or a --token flag). Restart the gateway so it reads gateway.auth.token.'),
    };
  }
  if (accepted.source === 'OPENCLAW_GATEWAY_TOKEN' || accepted.source === 'OPENCLAW_GATEWAY_PASSWORD') {
    return {
      accepted: accepted.source,
      tried,
      verdict: 'env-overrides-file',
      advice: msg('The running gateway accepts {0}, not {1}: it was started with that environment variable (a shell or a systemd unit), or the file changed after it started. Restart the gateway to use the file, or put the accepted value into the file.', accepted.source, sent),
    };
  }
  if (accepted.source.startsWith('gateway.auth.')) {
    return {
      accepted: accepted.source,
      tried,
      verdict: 'client-token-stale',
      advice: msg('The gateway accepts {0}, but clients send {1}, which is stale. Copy {0} into {1}.', accepted.source, sent),
    };
  }
  return {
    accepted: accepted.source,
    tried,
    verdict: 'gateway-runs-old-token',
    advice: msg('The running gateway accepts {0}, not {1}: it still runs with an older token. Restart it (`openclaw gateway restart`) so it reads the current file.', accepted.source, sent),
  };
}
