import { removeDotenvEntry, setDotenvValue } from '../../effective/dotenvEdits';
import type { EnvVariable, IgnoredValue } from '../../effective/environmentLayers';
import { tagged } from '../../fixes/sourceEdits';
import { removeProperty, stringLiteral, type TextEdit } from '../../fixes/textEdits';
import type { FixProposal } from '../../fixes/fixTypes';
import type { GatewayModel } from '../../gatewayModel';
import { msg, type Message } from '../../messages';
import { referencedVariables } from '../../secretValues';
import { defineRule, type RawFinding, type RelatedSpan, type Span } from '../ruleTypes';
import { displayPath, originPlace, originSpan, shownValue } from '../support/envOrigins';
import { READ_ENV_NAMES } from '../support/envNames';
import { ALL_SLOTS } from '../support/secretSlots';

/**
 * A variable the gateway or the CLI reads, set in a place OpenClaw reads but does not use because
 * a place read earlier already set it (environmentLayers.ts has the order). Only values that
 * differ are reported: a duplicate of the winner changes nothing.
 */

type Reader = 'gateway' | 'client';

export interface ShadowedValue {
  ignored: IgnoredValue & { winner: EnvVariable };
  readers: Reader[];
  span: Span;
  /** Variables a gateway secret refers to (`${NAME}`, `$NAME`, an env SecretRef) are secrets. */
  secret: boolean;
}

/** The variables that matter to the gateway and its clients: OpenClaw's own, and those its secrets refer to. */
function relevantNames(model: GatewayModel): { all: Set<string>; secret: Set<string> } {
  const secret = new Set(ALL_SLOTS.flatMap((path) => referencedVariables(model.slots[path].spec)));
  return { all: new Set<string>([...READ_ENV_NAMES, ...secret]), secret };
}

export function shadowedValues(model: GatewayModel): ShadowedValue[] {
  const names = relevantNames(model);
  const byPlace = new Map<string, ShadowedValue>();
  const views = [model.effective.gatewayEnv, model.effective.clientEnv];
  for (const view of views) {
    for (const ignored of view.ignored) {
      const { variable, winner, why } = ignored;
      if ((why !== 'already-set' && why !== 'dotenv-conflict') || !winner || !names.all.has(variable.name)) continue;
      if (variable.value.trim() === winner.value.trim()) continue;
      const span = originSpan(variable.origin);
      if (!span) continue;
      const place = `${span.file ?? ''}\0${span.offset}`;
      const known = byPlace.get(place);
      if (known) {
        if (!known.readers.includes(view.side)) known.readers.push(view.side);
        continue;
      }
      byPlace.set(place, { ignored: { ...ignored, winner }, readers: [view.side], span, secret: names.secret.has(variable.name) });
    }
  }
  return [...byPlace.values()];
}

function readersText(readers: readonly Reader[]): Message {
  if (readers.length > 1) return msg('the gateway and the OpenClaw CLI');
  return readers[0] === 'gateway' ? msg('the gateway') : msg('the OpenClaw CLI on this machine');
}

type ShadowMessageId = 'dotenvConflict' | 'dotenvHidden' | 'envVarsHidden';

export const rule = defineRule({
  meta: {
    code: 'env-shadowed',
    defaultSeverity: 'warning',
    docs: {
      summary:
        'A gateway variable (OPENCLAW_GATEWAY_TOKEN, _PASSWORD, _PORT, _URL, or one a gateway secret refers to) is set in a .env file or in env.vars with a value that is never used, because a place OpenClaw reads first sets it too.',
      openclaw:
        'OpenClaw never replaces a variable that is already set: the process environment wins over every .env file, ~/.openclaw/.env wins over ~/.config/openclaw/gateway.env ("Conflicting values in A and B for KEY; keeping A."), and env.vars only fills variables that are still unset. Editing the ignored copy changes nothing.',
      fix: 'Remove the ignored copy, or change the value that wins (and restart the gateway).',
    },
    messages: {
      dotenvConflict:
        '{name} here ({value}) is ignored by {readers}: {name} is also set {winnerPlace} ({winnerValue}), and OpenClaw keeps the file it reads first: "Conflicting values in {kept} and {ignoredFile} for {name}; keeping {kept}."',
      dotenvHidden:
        '{name} here ({value}) is ignored by {readers}: {name} is already set {winnerPlace} ({winnerValue}), and OpenClaw reads a .env file only for variables that are not set yet.',
      envVarsHidden:
        "{name} in the config's env section ({value}) is ignored by {readers}: {name} is already set {winnerPlace} ({winnerValue}), and OpenClaw applies env.vars only to variables that are unset or empty.",
    },
    fixes: {
      removeIgnored: { summary: 'Remove the ignored copy (the value that is used stays as it is).', safe: false },
      setToWinner: { summary: 'Set the ignored copy to the value that is used, so both places agree.', safe: false },
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<ShadowMessageId>> = [];
    for (const shadowed of shadowedValues(model)) {
      const { variable, winner, why } = shadowed.ignored;
      const args = {
        name: variable.name,
        value: shownValue(variable.name, variable.value, shadowed.secret),
        readers: readersText(shadowed.readers),
        winnerPlace: originPlace(winner.origin, model),
        winnerValue: shownValue(winner.name, winner.value, shadowed.secret),
        kept: winner.origin.kind === 'dotenv' ? winner.origin.source.path : '',
        ignoredFile: variable.origin.kind === 'dotenv' ? variable.origin.source.path : '',
      };
      const winnerSpan = originSpan(winner.origin);
      const related: RelatedSpan[] = winnerSpan ? [{ ...winnerSpan, message: msg('{0} is set here ({1}); this value is used', winner.name, args.winnerValue) }] : [];
      const messageId: ShadowMessageId = why === 'dotenv-conflict' ? 'dotenvConflict' : variable.origin.kind === 'env.vars' ? 'envVarsHidden' : 'dotenvHidden';
      out.push({ ...shadowed.span, messageId, args, related });
    }
    return out;
  },
  fixes: (finding, ctx) => {
    if (ctx.onlySafe) return [];
    const shadowed = shadowedValues(ctx.model).find((s) => s.span.file === finding.file && s.span.offset === finding.offset);
    if (!shadowed) return [];
    const { variable, winner } = shadowed.ignored;
    const home = ctx.model.effective.home;
    const out: Array<FixProposal<'removeIgnored' | 'setToWinner'>> = [];
    const origin = variable.origin;
    const shown = shownValue(winner.name, winner.value, shadowed.secret);
    if (origin.kind === 'dotenv' && origin.entry) {
      const file = origin.source.path;
      out.push({ fixId: 'removeIgnored', title: msg('Remove the ignored {0} line from {1}', variable.name, displayPath(file, home)), isPreferred: true, safe: false, edits: tagged(removeDotenvEntry(origin.source.doc, origin.entry), file) });
      const set = setDotenvValue(origin.source.doc, variable.name, winner.value);
      if (set) out.push({ fixId: 'setToWinner', title: msg('Set {0} in {1} to the value that is used ({2})', variable.name, displayPath(file, home), shown), safe: false, edits: tagged(set, file) });
    } else if (origin.kind === 'env.vars' && origin.at.property) {
      const { source, node, property } = origin.at;
      const file = source.kind === 'include' ? source.path : undefined;
      out.push({ fixId: 'removeIgnored', title: msg("Remove the ignored {0} from the config's env section", variable.name), isPreferred: true, safe: false, edits: tagged(removeProperty(source.doc, property), file) });
      const replace: TextEdit = { offset: node.offset, length: node.length, newText: stringLiteral(source.doc, winner.value, node) };
      out.push({ fixId: 'setToWinner', title: msg("Set {0} in the config's env section to the value that is used ({1})", variable.name, shown), safe: false, edits: tagged([replace], file) });
    }
    return out;
  },
});
