import { msg, type Message, type MessageArg } from '../../messages';
import { generateForBoth, present, replaceWith } from '../../fixes/secretFixes';
import { stringLiteral } from '../../fixes/textEdits';
import type { FixContext, FixProposal } from '../../fixes/fixTypes';
import { sourceSpanOfDecoded } from '../../stringOffsets';
import { defineRule, type Finding, type RawFinding } from '../ruleTypes';
import { listOf, sentencesOf } from '../support/messageLists';
import { placeholderKind, riskyCharacters, surroundingWhitespace, type RiskCategory, type RiskyCharacters } from '../support/secretChecks';
import { kindOf, literalSlots, GENERATE_BOTH_FIX } from '../support/secretSlots';
import { fileOf, textOf } from '../support/sourceSpans';

type MessageId = 'risky' | 'riskyWithExamples' | 'surroundingWhitespace';

const CATEGORY_ORDER: readonly RiskCategory[] = ['dotenv', 'url', 'shell', 'systemd', 'whitespace', 'non-ascii', 'control'];

function categoryName(category: RiskCategory): Message {
  switch (category) {
    case 'dotenv':
      return msg('characters that .env files treat specially');
    case 'url':
      return msg('URL delimiters');
    case 'shell':
      return msg('shell metacharacters');
    case 'systemd':
      return msg('characters that systemd units expand');
    case 'whitespace':
      return msg('whitespace');
    case 'non-ascii':
      return msg('non-ASCII characters');
    case 'control':
      return msg('control characters');
  }
}

function categorySentence(category: RiskCategory): Message {
  switch (category) {
    case 'dotenv':
      return msg('In .env files "#" starts a comment (the token is cut short there) and quotes, "$" and spaces change the value.');
    case 'url':
      return msg('In URLs these characters have meaning ("#" ends the address, "&", "?", "=" and "+" split or alter query strings, "%" starts an escape).');
    case 'shell':
      return msg('In shells they must be quoted ($ expands, ! recalls history, & | ; < > ( ) run or redirect commands, * ? [ ] glob).');
    case 'systemd':
      return msg('In systemd unit files "%" and "$" are expanded and quotes and spaces split Environment= lines.');
    case 'whitespace':
      return msg('Spaces split the token into words in shells and command lines.');
    case 'non-ascii':
      return msg("Non-ASCII characters depend on the terminal's and the file's encoding and are hard to type on other keyboards.");
    case 'control':
      return msg('Control characters are invisible and get lost or changed when copied.');
  }
}

/** Below this length, or above this share of risky characters, any example gives away too much of the secret. */
const MIN_LENGTH_FOR_EXAMPLES = 16;
const MAX_RISKY_SHARE_FOR_EXAMPLES = 0.25;
const MAX_EXAMPLES = 2;

/**
 * At most two risky characters as examples, so a symbol-heavy password or a non-ASCII token is
 * never spelled out: printable ASCII quoted, ASCII control characters by code point, and
 * anything non-ASCII not at all (its class already names it).
 */
function examplesOf(risky: RiskyCharacters): MessageArg[] {
  if (risky.scanned < MIN_LENGTH_FOR_EXAMPLES || risky.occurrences / risky.scanned > MAX_RISKY_SHARE_FOR_EXAMPLES) return [];
  const out: MessageArg[] = [];
  for (const ch of risky.characters.slice(0, MAX_EXAMPLES)) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === ' ') out.push(msg('space'));
    else if (code < 32 || code === 127) out.push(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
    else if (code < 127) out.push(`"${ch}"`);
  }
  return out;
}

export const rule = defineRule({
  meta: {
    code: 'token-risky-chars',
    defaultSeverity: 'warning',
    docs: {
      summary: 'A token or password contains characters that break in shells, URLs, systemd units or .env files, or starts or ends with whitespace.',
      openclaw: 'The WebSocket protocol carries any character, and OpenClaw trims surrounding whitespace; but copies of the secret break: an unquoted "#" in ~/.openclaw/.env cuts the token short, "&" and "+" change URLs, "$" and "!" expand in shells, "%" expands in systemd units.',
      fix: 'Generate a new token made only of letters and digits (or trim the whitespace).',
    },
    messages: {
      risky: '{path} contains {classes}. OpenClaw accepts it, but copies of it break: {reasons} Use only letters, digits, "-" and "_".',
      riskyWithExamples: '{path} contains {classes} (for example {examples}). OpenClaw accepts it, but copies of it break: {reasons} Use only letters, digits, "-" and "_".',
      surroundingWhitespace:
        '{path} starts or ends with whitespace. OpenClaw trims it, so the secret that works is the trimmed one; scripts, .env files and URLs that keep the whitespace send a different secret.',
    },
    fixes: {
      trimWhitespace: { summary: 'Remove the whitespace OpenClaw trims anyway, so copies of the secret match the one that works.', safe: true },
      generateBoth: GENERATE_BOTH_FIX,
    },
  },
  check: ({ model, doc }) => {
    if (!model) return [];
    const out: Array<RawFinding<MessageId>> = [];
    for (const slot of literalSlots(model)) {
      if (slot.spec.kind !== 'literal' || !slot.node || placeholderKind(slot.raw)) continue;
      const risky = riskyCharacters(slot.raw, slot.spec.envParts);
      if (risky) {
        const categories = CATEGORY_ORDER.filter((c) => risky.categories.has(c));
        const classes = listOf(categories.map(categoryName));
        const reasons = sentencesOf(categories.map(categorySentence));
        const examples = examplesOf(risky);
        const span = { ...sourceSpanOfDecoded(textOf(slot.source, doc.text), slot.node, risky.start, risky.end), ...fileOf(slot.source) };
        out.push(
          examples.length > 0
            ? { ...span, messageId: 'riskyWithExamples', args: { path: slot.path, classes, examples: listOf(examples), reasons }, data: { slot: slot.path } }
            : { ...span, messageId: 'risky', args: { path: slot.path, classes, reasons }, data: { slot: slot.path } },
        );
      }
      const ws = surroundingWhitespace(slot.raw);
      if (ws) {
        const start = ws.leading > 0 ? 0 : slot.raw.length - ws.trailing;
        const end = ws.trailing > 0 ? slot.raw.length : ws.leading;
        out.push({ ...sourceSpanOfDecoded(textOf(slot.source, doc.text), slot.node, start, end), ...fileOf(slot.source), messageId: 'surroundingWhitespace', args: { path: slot.path }, data: { slot: slot.path, trim: true } });
      }
    }
    return out;
  },
  fixes: (finding, ctx) =>
    finding.data.trim
      ? present(trimFix(finding, ctx), generateForBoth(ctx, kindOf(finding), { fixId: 'generateBoth' }))
      : present(generateForBoth(ctx, kindOf(finding), { fixId: 'generateBoth', preferred: true })),
});

/** Removes the whitespace OpenClaw trims anyway, so copies of the secret match what works. */
function trimFix(finding: Finding, ctx: FixContext): FixProposal<'trimWhitespace'> | undefined {
  const path = finding.data.slot;
  if (!path) return undefined;
  const slot = ctx.model.slots[path];
  const { spec, node } = slot;
  if (spec.kind !== 'literal' || !node) return undefined;
  return replaceWith(ctx, path.split('.'), (doc) => stringLiteral(doc, spec.raw.trim(), node), {
    fixId: 'trimWhitespace',
    title: msg('Trim the whitespace around {0}', path),
    safe: true,
    preferred: true,
  });
}
