import { isRemoteMode, type CandidateCredential, type CredentialOrigin, type CredentialSource, type GatewayModel, type SecretKind } from '../gatewayModel';
import { msg, type Message, type MessageArg } from '../messages';
import { fingerprint } from '../secretValues';
import { MAX_FAILED_ATTEMPTS } from './attemptBudget';
import { credentialName, shadowText, type NamingPlaces } from './credentialNames';
import type { ProbeResult, ProbeState } from './probeGateway';

export type Verdict =
  | 'configured-accepted'
  | 'env-overrides-file'
  | 'gateway-runs-old-token'
  | 'client-token-stale'
  /** The gateway accepts a value OpenClaw would not use now (shadowed by another layer or file). */
  | 'gateway-runs-unused-value'
  | 'no-candidate-accepted'
  | 'rate-limited'
  | 'not-a-rejection'
  /** The gateway answered something other than a token/password mismatch: more secrets would not help. */
  | 'stopped'
  /** Our own limit of failed attempts per minute ended the diagnosis before every candidate was tried. */
  | 'attempt-budget';

export type SkipReason =
  /** The gateway runs token auth and this is a password, or the other way round. */
  | 'auth-mode'
  /** Read from an environment variable the send policy does not allow (--allow-env-secret). */
  | 'env-not-allowed'
  /** The limit of failed attempts per gateway and minute was reached. */
  | 'attempt-budget'
  /** An earlier answer ended the diagnosis (a lockout, or not a mismatch). */
  | 'stopped'
  /** A secret was already accepted. */
  | 'not-needed';

export interface Skipped {
  source: CredentialSource;
  /** Where the candidate was written (file, line, kind); never its value. */
  origin?: CredentialOrigin;
  reason: SkipReason;
  /** For env-not-allowed: the variable. */
  variable?: string;
}

export interface Diagnosis {
  /** The credential source the running gateway accepts, never its value. */
  accepted: CredentialSource | null;
  /** Where the accepted secret was written (file, line, kind), when known. */
  acceptedOrigin?: CredentialOrigin;
  /** Set when the accepted secret is one OpenClaw does not use now: why, and what it uses instead. */
  acceptedShadowed?: CandidateCredential['shadowed'];
  tried: Array<{ source: CredentialSource; origin?: CredentialOrigin; state: ProbeState; code: string | null }>;
  /** Every candidate that was not sent, and why. */
  skipped: Skipped[];
  verdict: Verdict;
  advice: Message;
}

export interface DiagnoseInput {
  /** The probe with the credential a client would send (already done). */
  first: ProbeResult;
  url: string;
  /** Every distinct secret the user has (config slots, environment, `.env` files, env.vars), from candidateCredentials(). */
  candidates: readonly CandidateCredential[];
  /** How to show the files candidates come from (home and config directory); absolute paths without it. */
  places?: NamingPlaces;
  probe: (credential: CandidateCredential) => Promise<ProbeResult>;
  /** gateway.auth.mode of the config when the config describes the probed gateway (local mode, no --url). */
  configuredAuthMode?: string;
  /** The variable that keeps a candidate from being sent (SendPolicy), or undefined when it may be sent. */
  refuse?: (credential: CandidateCredential) => string | undefined;
}

/**
 * The config's gateway.auth.mode, when it describes the probed gateway: it is the mode of the
 * config's own local gateway, not of a remote one or of one named by a URL override.
 */
export function configuredAuthMode(model: GatewayModel, urlOverride: string | undefined): string | undefined {
  return urlOverride === undefined && !isRemoteMode(model) ? model.authMode.explicit : undefined;
}

/** Only these say "this secret is wrong, another one may be right"; any other answer ends the diagnosis. */
const MISMATCH = new Set(['AUTH_TOKEN_MISMATCH', 'AUTH_PASSWORD_MISMATCH']);
/** Our own code for "not sent, the attempt budget is spent" (probeGateway). */
const BUDGET_CODE = 'GUARD_ATTEMPT_LIMIT';

type GatewayAuth = 'token' | 'password' | 'unknown';

/** The gateway's own answer says which secret it compares; the config's auth.mode is the fallback. */
function gatewayAuth(first: ProbeResult, configured: string | undefined): GatewayAuth {
  if (first.code === 'AUTH_TOKEN_MISMATCH') return 'token';
  if (first.code === 'AUTH_PASSWORD_MISMATCH') return 'password';
  return configured === 'token' || configured === 'password' ? configured : 'unknown';
}

function kindOf(source: CredentialSource): SecretKind {
  return /password$/i.test(source) ? 'password' : 'token';
}

function reasonText(skipped: Skipped): Message {
  switch (skipped.reason) {
    case 'auth-mode':
      return kindOf(skipped.source) === 'password' ? msg('the gateway runs token auth, so a password cannot match') : msg('the gateway runs password auth, so a token cannot match');
    case 'env-not-allowed':
      return msg('read from the environment variable {0}, which needs --allow-env-secret {0}', skipped.variable ?? '?');
    case 'attempt-budget':
      return msg('the limit of {0} failed attempts per minute was reached', MAX_FAILED_ATTEMPTS);
    case 'stopped':
      return msg('not tried after that answer');
    case 'not-needed':
      return msg('not needed, a secret was already accepted');
  }
}

/** The advice, followed by what was not tried and why (accepted diagnoses need no such list). */
function withNotTried(advice: Message, skipped: readonly Skipped[], places: NamingPlaces | undefined): Message {
  const items = skipped.filter((s) => s.reason !== 'not-needed').map((s) => msg('{0} ({1})', credentialName(s, places), reasonText(s)));
  if (items.length === 0) return advice;
  return msg('{0} Not tried: {1}.', advice, items.reduce((list, item) => msg('{0}; {1}', list, item)));
}

/**
 * "The file is right but it still says mismatch": tries the other distinct secrets the user has,
 * one at a time, and says which one the running gateway accepts. Every failure counts towards
 * the gateway's lockout (10 in 60 s), so it tries only secrets of the kind the gateway compares,
 * stops at the first acceptance, lockout or answer that is not a mismatch, and never has more
 * than MAX_FAILED_ATTEMPTS failures per run, the first probe included (the attempt budget of
 * probeGateway adds the same limit per minute across runs).
 */
export async function diagnoseGateway(input: DiagnoseInput): Promise<Diagnosis> {
  const { first, places } = input;
  const tried: Diagnosis['tried'] = [];
  // The first probe's secret is left out by value: other places may hold the same setting's name with another value.
  const others = first.credentialFingerprint === null ? [...input.candidates] : input.candidates.filter((c) => fingerprint(c.value) !== first.credentialFingerprint);
  const skip = (c: CandidateCredential, reason: SkipReason, variable?: string): Skipped => ({ source: c.source, ...(c.origin ? { origin: c.origin } : {}), reason, ...(variable === undefined ? {} : { variable }) });
  const skipAll = (reason: SkipReason, rest: readonly CandidateCredential[] = others): Skipped[] => rest.map((c) => skip(c, reason));
  const notTried = (advice: Message, skipped: readonly Skipped[]): Message => withNotTried(advice, skipped, places);
  const sentOrigin = first.credentialOrigin ? { origin: first.credentialOrigin } : {};
  const sentName: MessageArg = first.credentialSource ? credentialName({ source: first.credentialSource, origin: first.credentialOrigin }, places) : 'gateway.auth.token';

  if (first.code === BUDGET_CODE) {
    const skipped = skipAll('attempt-budget', input.candidates);
    return { accepted: null, tried, skipped, verdict: 'attempt-budget', advice: notTried(budgetAdvice(), skipped) };
  }
  if (first.credentialSource) tried.push({ source: first.credentialSource, ...sentOrigin, state: first.state, code: first.code });
  if (first.state === 'authorized') {
    return { accepted: first.credentialSource, ...(first.credentialOrigin ? { acceptedOrigin: first.credentialOrigin } : {}), tried, skipped: skipAll('not-needed'), verdict: 'configured-accepted', advice: msg('The gateway accepts {0}; nothing to diagnose.', sentName) };
  }
  if (first.state === 'rate-limited') {
    const skipped = skipAll('stopped');
    return { accepted: null, tried, skipped, verdict: 'rate-limited', advice: notTried(lockoutAdvice(), skipped) };
  }
  if (first.state !== 'rejected') {
    const skipped = skipAll('stopped');
    return { accepted: null, tried, skipped, verdict: 'not-a-rejection', advice: notTried(msg('The gateway did not reject a secret (state: {0}); diagnosis needs a running gateway that answers "mismatch".', first.state), skipped) };
  }
  if (!first.code || !MISMATCH.has(first.code)) {
    const skipped = skipAll('stopped');
    return { accepted: null, tried, skipped, verdict: 'stopped', advice: notTried(stoppedAdvice(first, first.credentialSource ? sentName : '-'), skipped) };
  }

  const auth = gatewayAuth(first, input.configuredAuthMode);
  const skipped: Skipped[] = [];
  const eligible: CandidateCredential[] = [];
  for (const candidate of others) {
    const variable = input.refuse?.(candidate);
    if ((auth === 'token' && candidate.kind === 'password') || (auth === 'password' && candidate.kind === 'token')) skipped.push(skip(candidate, 'auth-mode'));
    else if (variable !== undefined) skipped.push(skip(candidate, 'env-not-allowed', variable));
    else eligible.push(candidate);
  }
  // With the mode unknown both kinds may match; tokens are what most gateways run.
  if (auth === 'unknown') eligible.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'token' ? -1 : 1));

  let failures = first.credentialSent ? 1 : 0;
  let accepted: CandidateCredential | undefined;
  let ended: { verdict: 'rate-limited' | 'stopped' | 'attempt-budget'; result?: ProbeResult; name?: MessageArg } | undefined;
  for (let i = 0; i < eligible.length; i++) {
    const candidate = eligible[i];
    const rest = eligible.slice(i + 1);
    if (failures >= MAX_FAILED_ATTEMPTS) {
      skipped.push(...skipAll('attempt-budget', eligible.slice(i)));
      ended = { verdict: 'attempt-budget' };
      break;
    }
    const result = await input.probe(candidate);
    if (result.code === BUDGET_CODE && !result.credentialSent) {
      skipped.push(...skipAll('attempt-budget', eligible.slice(i)));
      ended = { verdict: 'attempt-budget' };
      break;
    }
    tried.push({ source: candidate.source, ...(candidate.origin ? { origin: candidate.origin } : {}), state: result.state, code: result.code });
    if (result.state === 'authorized') {
      accepted = candidate;
      skipped.push(...skipAll('not-needed', rest));
      break;
    }
    if (result.credentialSent) failures++;
    if (result.state === 'rate-limited') {
      skipped.push(...skipAll('stopped', rest));
      ended = { verdict: 'rate-limited' };
      break;
    }
    if (result.state !== 'rejected' || !result.code || !MISMATCH.has(result.code)) {
      skipped.push(...skipAll('stopped', rest));
      ended = { verdict: 'stopped', result, name: credentialName(candidate, places) };
      break;
    }
  }

  if (!accepted) {
    if (ended?.verdict === 'rate-limited') return { accepted: null, tried, skipped, verdict: 'rate-limited', advice: notTried(lockoutAdvice(), skipped) };
    if (ended?.verdict === 'stopped' && ended.result) return { accepted: null, tried, skipped, verdict: 'stopped', advice: notTried(stoppedAdvice(ended.result, ended.name ?? '-'), skipped) };
    if (ended?.verdict === 'attempt-budget') return { accepted: null, tried, skipped, verdict: 'attempt-budget', advice: notTried(budgetAdvice(), skipped) };
    return {
      accepted: null,
      tried,
      skipped,
      verdict: 'no-candidate-accepted',
      advice: notTried(
        msg('None of your configured secrets is accepted: the running gateway uses a token that is in neither the file nor this environment (one generated at start-up, another config, or a --token flag). Restart the gateway so it reads gateway.auth.token.'),
        skipped,
      ),
    };
  }
  const found = {
    accepted: accepted.source,
    ...(accepted.origin ? { acceptedOrigin: accepted.origin } : {}),
    ...(accepted.shadowed ? { acceptedShadowed: accepted.shadowed } : {}),
    tried,
    skipped,
  };
  const acceptedName = credentialName(accepted, places);
  return { ...found, ...acceptedVerdict(accepted, acceptedName, sentName, places) };
}

/** What it means that the gateway accepts this secret, told by where the secret was written. */
function acceptedVerdict(accepted: CandidateCredential, acceptedName: MessageArg, sentName: MessageArg, places: NamingPlaces | undefined): { verdict: Verdict; advice: Message } {
  if (accepted.shadowed) {
    return {
      verdict: 'gateway-runs-unused-value',
      advice: msg(
        'The running gateway accepts {0}, a value OpenClaw does not use now: {1}. The gateway started before that changed, or runs with another environment than this one (a service). Restart it (`openclaw gateway restart`) so it reads the current files, and remove the stale value so nobody relies on it.',
        acceptedName,
        shadowText(accepted.shadowed, places),
      ),
    };
  }
  const origin = accepted.origin?.kind;
  if (origin === 'dotenv' || origin === 'env.vars') {
    return {
      verdict: 'env-overrides-file',
      advice: msg(
        'The running gateway accepts {0}, not {1}, which clients on this machine send: the gateway took its secret from there (it started before {1} was set, or with another environment). Restart the gateway (`openclaw gateway restart`) so it reads the current files, or make the two values the same.',
        acceptedName,
        sentName,
      ),
    };
  }
  if (accepted.source === 'OPENCLAW_GATEWAY_TOKEN' || accepted.source === 'OPENCLAW_GATEWAY_PASSWORD') {
    return {
      verdict: 'env-overrides-file',
      advice: msg('The running gateway accepts {0}, not {1}: it was started with that environment variable (a shell or a systemd unit), or the file changed after it started. Restart the gateway to use the file, or put the accepted value into the file.', acceptedName, sentName),
    };
  }
  if (accepted.source.startsWith('gateway.auth.')) {
    return { verdict: 'client-token-stale', advice: msg('The gateway accepts {0}, but clients send {1}, which is stale. Copy {0} into {1}.', acceptedName, sentName) };
  }
  return {
    verdict: 'gateway-runs-old-token',
    advice: msg('The running gateway accepts {0}, not {1}: it still runs with an older token. Restart it (`openclaw gateway restart`) so it reads the current file.', acceptedName, sentName),
  };
}

function lockoutAdvice(): Message {
  return msg('The gateway started rate-limiting the attempts; wait, then fix the token before checking again.');
}

function budgetAdvice(): Message {
  return msg('OpenClaw Guard stops after {0} failed attempts per gateway and minute so that the gateway does not lock you out (it does after 10 in 60 s); run the diagnosis again in a minute to try the rest.', MAX_FAILED_ATTEMPTS);
}

/** The answer that ended the diagnosis, and why more secrets would not help. */
function stoppedAdvice(result: ProbeResult, name: MessageArg): Message {
  return msg('Stopped after {0}: the gateway answered "{1}", not a token or password mismatch, so trying more secrets would not help and would only count towards its lockout. {2}', name, result.code ?? result.state, result.advice);
}
