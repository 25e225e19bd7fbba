import { quoteDotenvEntry } from '../../effective/dotenvEdits';
import { isJsWhitespace, type DotenvEntry } from '../../effective/dotenvFile';
import type { DotenvSource, EnvironmentView } from '../../effective/environmentLayers';
import { tagged } from '../../fixes/sourceEdits';
import { isConfigured, type GatewayModel, type SecretPath } from '../../gatewayModel';
import { msg } from '../../messages';
import { fingerprint } from '../../secretValues';
import { defineRule, type RawFinding, type RelatedSpan } from '../ruleTypes';
import { displayPath, isSecretVariable } from '../support/envOrigins';
import { nodeSpan, resolvedValue } from '../support/secretSlots';

/**
 * dotenv reads an unquoted value only up to `#` (dist/dotenv-global-*.mjs reads `.env` files with
 * dotenv's `parse`; see dotenvFile.ts). Only a `#` glued to the value counts: `KEY=abc # note` is
 * the comment style OpenClaw's own docs use, `KEY=abc#def` is a value that lost its tail.
 */

/** Where the dropped text ends: the end of the `#`'s line, before trailing whitespace. */
function droppedEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && !/[\r\n\u2028\u2029]/.test(text[end])) end++;
  while (end > from && isJsWhitespace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** What was written after the separator, up to the end of the line: the value the user meant. */
function writtenValue(text: string, entry: DotenvEntry, cutAt: number): string {
  let from = entry.separatorEnd;
  const to = droppedEnd(text, cutAt);
  while (from < to && isJsWhitespace(text.charCodeAt(from))) from++;
  return text.slice(from, to);
}

/** True when a process reads this very assignment (it is not hidden by something set earlier). */
function usedBy(view: EnvironmentView, entry: DotenvEntry): boolean {
  const origin = view.get(entry.key)?.origin;
  return origin?.kind === 'dotenv' && origin.entry === entry;
}

export interface CutValue {
  source: DotenvSource;
  entry: DotenvEntry;
  /** Where dotenv stopped reading: the `#`. */
  cutAt: number;
}

/** Every assignment a process reads whose value dotenv cut at a `#` glued to it. */
export function cutValues(model: GatewayModel): CutValue[] {
  const out: CutValue[] = [];
  for (const source of model.effective.dotenv) {
    for (const entry of source.doc.entries) {
      if (entry.cutAt === undefined || !entry.cutGlued || !entry.accepted || source.doc.entryFor(entry.key) !== entry) continue;
      if (!usedBy(model.effective.gatewayEnv, entry) && !usedBy(model.effective.clientEnv, entry)) continue;
      out.push({ source, entry, cutAt: entry.cutAt });
    }
  }
  return out;
}

/** The config slots a cut gateway secret is compared with, when they now disagree with it. */
function slotsThatDisagree(model: GatewayModel, key: string, used: string, written: string): RelatedSpan[] {
  const paths: SecretPath[] | undefined =
    key === 'OPENCLAW_GATEWAY_TOKEN' ? ['gateway.auth.token', 'gateway.remote.token'] : key === 'OPENCLAW_GATEWAY_PASSWORD' ? ['gateway.auth.password', 'gateway.remote.password'] : undefined;
  const out: RelatedSpan[] = [];
  for (const path of paths ?? []) {
    const slot = model.slots[path];
    const value = resolvedValue(slot);
    if (!slot.node || !isConfigured(slot) || value === undefined || value === used.trim()) continue;
    out.push({
      ...nodeSpan(slot),
      message:
        value === written.trim()
          ? msg('{0} is set here ({1}): the whole text written in the .env file, not the part OpenClaw uses', path, fingerprint(value))
          : msg('{0} is set here ({1}) and differs from the part OpenClaw uses', path, fingerprint(value)),
    });
  }
  return out;
}

export const rule = defineRule({
  meta: {
    code: 'dotenv-value-cut',
    defaultSeverity: 'warning',
    docs: {
      summary: 'An unquoted value in a .env file OpenClaw reads contains "#": everything from the "#" on is dropped (KEY=abc#def reads abc).',
      openclaw:
        'OpenClaw reads ~/.openclaw/.env, ~/.config/openclaw/gateway.env and the working directory\'s .env with dotenv, which ends an unquoted value at "#" even without a space before it. The gateway then runs with the shortened token (observed on 2026.9.6: OPENCLAW_GATEWAY_TOKEN=abc#def accepts "abc" and rejects "abc#def").',
      fix: 'Quote the value (KEY="abc#def") so the "#" and what follows are part of it, then restart the gateway.',
    },
    messages: {
      cutSecret:
        'The value of {key} is cut at this "#": dotenv reads an unquoted value only up to "#", so OpenClaw uses {usedFingerprint} (the part before it), not the whole text written here ({writtenFingerprint}).',
      cutEmpty: 'The value of {key} is cut at this "#": dotenv reads an unquoted value only up to "#", and nothing comes before it, so OpenClaw reads {key} as empty.',
      cut: 'The value of {key} is cut at this "#": dotenv reads an unquoted value only up to "#", so OpenClaw uses only the {usedLength} characters before it and drops the {droppedLength} characters written from here on.',
    },
    fixes: {
      quoteValue: { summary: 'Quote the value in the .env file so OpenClaw reads the whole text (this changes the value the gateway uses).', safe: false },
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<'cutSecret' | 'cutEmpty' | 'cut'>> = [];
    for (const { source, entry, cutAt } of cutValues(model)) {
      const text = source.doc.text;
      const end = droppedEnd(text, cutAt);
      const written = writtenValue(text, entry, cutAt);
      const span = { offset: cutAt, length: end - cutAt, file: source.path };
      const related = slotsThatDisagree(model, entry.key, entry.value, written);
      if (entry.value.trim() === '') {
        out.push({ ...span, messageId: 'cutEmpty', args: { key: entry.key }, related });
      } else if (isSecretVariable(entry.key)) {
        out.push({ ...span, messageId: 'cutSecret', args: { key: entry.key, usedFingerprint: fingerprint(entry.value), writtenFingerprint: fingerprint(written) }, related });
      } else {
        out.push({ ...span, messageId: 'cut', args: { key: entry.key, usedLength: [...entry.value].length, droppedLength: [...text.slice(cutAt, end)].length }, related });
      }
    }
    return out;
  },
  fixes: (finding, ctx) => {
    if (ctx.onlySafe) return [];
    const cut = cutValues(ctx.model).find((c) => c.source.path === finding.file && c.cutAt === finding.offset);
    const edits = cut ? quoteDotenvEntry(cut.source.doc, cut.entry) : undefined;
    if (!cut || !edits) return [];
    return [
      {
        fixId: 'quoteValue',
        title: msg('Quote the value of {0} in {1} so OpenClaw reads all of it', cut.entry.key, displayPath(cut.source.path, ctx.model.effective.home)),
        isPreferred: true,
        safe: false,
        edits: tagged(edits, cut.source.path),
      },
    ];
  },
});
