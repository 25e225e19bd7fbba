import * as path from 'node:path';
import type { CandidateCredential, CredentialOrigin, GatewayModel, ShadowReason } from '../gatewayModel';
import { msg, type Message, type MessageArg } from '../messages';

/** What names a file the way the user knows it: their home directory, and where the config is. */
export interface NamingPlaces {
  home: string;
  /** The config's absolute path; '' for text without a file. */
  configPath: string;
}

export function namingPlaces(model: GatewayModel): NamingPlaces {
  return { home: model.effective.home, configPath: model.effective.configPath };
}

function underHome(file: string, home: string): string {
  if (!home) return file;
  const relative = path.relative(home, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? `~/${relative.split(path.sep).join('/')}` : file;
}

/**
 * Config files by their path from the config's directory, as `$include` names them ("openclaw.json",
 * "parts/auth.json5"); `.env` files under `~` in full, since OpenClaw finds them in fixed places
 * and a bare ".env" could be the working directory's as well as the state directory's.
 */
export function shownPath(file: string, kind: 'config' | 'dotenv', places: NamingPlaces | undefined): string {
  if (!places) return file;
  if (kind === 'config' && places.configPath) {
    const relative = path.relative(path.dirname(places.configPath), file);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return underHome(file, places.home);
}

function located(key: string, file: string, line: number | undefined, kind: 'config' | 'dotenv', places: NamingPlaces | undefined): MessageArg {
  if (!file) return key;
  const shown = shownPath(file, kind, places);
  return line === undefined ? msg('{0} in {1}', key, shown) : msg('{0} in {1} (line {2})', key, shown, line);
}

/** Where a credential was written, as the user should read it: "OPENCLAW_GATEWAY_TOKEN in ~/.openclaw/.env (line 3)". */
export function originName(origin: CredentialOrigin, places: NamingPlaces | undefined): MessageArg {
  switch (origin.kind) {
    case 'config':
      return located(origin.key, origin.file, origin.line, 'config', places);
    case 'env.vars':
      return located(origin.key, origin.file, origin.line, 'config', places);
    case 'dotenv':
      return located(origin.name, origin.file, origin.line, 'dotenv', places);
    case 'process':
      if (origin.side === 'gateway') return msg("{0} in the gateway's environment", origin.name);
      if (origin.side === 'client') return msg('{0} in this environment', origin.name);
      return msg('{0} in the environment', origin.name);
  }
}

/** A credential named by where it was written, or by its setting when that is not known. */
export function credentialName(credential: Pick<CandidateCredential, 'source' | 'origin'>, places: NamingPlaces | undefined): MessageArg {
  return credential.origin ? originName(credential.origin, places) : credential.source;
}

/** Why OpenClaw does not use a value, naming the one it uses instead. */
export function shadowText(shadowed: NonNullable<CandidateCredential['shadowed']>, places: NamingPlaces | undefined): Message {
  const by: MessageArg = shadowed.by ? originName(shadowed.by, places) : msg('another value');
  const reasons: Record<ShadowReason, Message> = {
    'already-set': msg('{0} is set first and OpenClaw never replaces a variable that is already set', by),
    'dotenv-conflict': msg('{0} is read first and OpenClaw keeps the first .env file that sets a variable', by),
    'workspace-blocked': msg('OpenClaw never takes OPENCLAW_* variables from a .env in the working directory'),
    'duplicate-key': msg('{0} sets it again, and the later one wins', by),
    'config-overridden': msg('the config merges {0} over it', by),
  };
  return reasons[shadowed.why];
}
