import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotenvFile } from '../../src/core/effective/dotenvFile';

const ROOT = join(__dirname, '..', '..', '..');

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
}

interface Grammar {
  scopeName: string;
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(readFileSync(join(ROOT, 'media', 'dotenv.tmLanguage.json'), 'utf8')) as Grammar;

/** A grammar pattern as a JavaScript regex anchored where TextMate's \G is (these patterns use nothing else Oniguruma-only). */
function anchored(source: string): RegExp {
  return new RegExp(source.startsWith('\\G') ? `^${source.slice(2)}` : source);
}

/**
 * The scopes the dotenv grammar gives one line, run the way TextMate runs these rules: a comment
 * line, or an assignment whose value is a quoted string, an unquoted run, and a trailing comment.
 */
function tokenize(line: string): Array<[scope: string, text: string]> {
  const { comment, assignment, double, single, backtick, unquoted } = grammar.repository;
  if (anchored(comment.match ?? '').test(line)) return [[comment.name ?? '', line.trim()]];
  const head = new RegExp(assignment.begin ?? '').exec(line);
  if (!head) return [];
  const out: Array<[string, string]> = [];
  if (head[1]) out.push(['export', head[1]]);
  out.push(['key', head[2]], ['separator', head[3]]);
  let rest = line.slice(head[0].length);
  const quoted = [double, single, backtick].find((rule) => anchored(rule.begin ?? '').test(rest));
  if (quoted) {
    const open = anchored(quoted.begin ?? '').exec(rest)?.[0] ?? '';
    const close = rest.indexOf(quoted.end ?? '', open.length);
    out.push([quoted.name ?? '', rest.slice(0, close + 1).trim()]);
    rest = rest.slice(close + 1);
  } else {
    const value = anchored(unquoted.match ?? '').exec(rest);
    if (value) {
      out.push([unquoted.name ?? '', value[0].trim()]);
      rest = rest.slice(value[0].length);
    }
  }
  const trailing = new RegExp(grammar.repository['trailing-comment'].match ?? '').exec(rest);
  if (trailing) out.push([grammar.repository['trailing-comment'].name ?? '', trailing[0]]);
  return out;
}

/** What dotenv itself reads from the line: the value as written (quotes included), or nothing. */
function writtenValue(line: string): string | undefined {
  const entry = parseDotenvFile(line + '\n').entries[0];
  if (!entry) return undefined;
  const written = line.slice(entry.valueOffset, entry.valueOffset + entry.valueLength);
  return entry.cutAt === undefined ? written : line.slice(entry.valueOffset, entry.cutAt).trim();
}

describe('the dotenv language contributed for .env files', () => {
  it('is declared in package.json with a grammar and a language configuration that exist', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      activationEvents: string[];
      contributes: { languages: Array<{ id: string; filenames?: string[]; extensions?: string[]; configuration?: string }>; grammars: Array<{ language: string; scopeName: string; path: string }> };
    };
    const language = manifest.contributes.languages.find((l) => l.id === 'dotenv');
    assert.ok(language, 'a dotenv language');
    assert.deepEqual(language.filenames, ['.env', 'gateway.env']);
    assert.deepEqual(language.extensions, ['.env']);
    const configuration = JSON.parse(readFileSync(join(ROOT, language.configuration ?? ''), 'utf8')) as { comments: { lineComment: string } };
    assert.equal(configuration.comments.lineComment, '#');
    const entry = manifest.contributes.grammars.find((g) => g.language === 'dotenv');
    assert.equal(entry?.scopeName, grammar.scopeName);
    assert.ok(existsSync(join(ROOT, entry.path)));
    assert.ok(manifest.activationEvents.includes('onLanguage:dotenv'));
  });

  it('colours the value where dotenv reads it: an unquoted value ends at "#", a quoted one keeps it', () => {
    const cases: Array<[string, Array<[string, string]>]> = [
      ['# the gateway token', [['comment.line.number-sign.dotenv', '# the gateway token']]],
      [
        'OPENCLAW_GATEWAY_TOKEN=abc#def',
        [
          ['key', 'OPENCLAW_GATEWAY_TOKEN'],
          ['separator', '='],
          ['string.unquoted.dotenv', 'abc'],
          ['comment.line.number-sign.dotenv', '#def'],
        ],
      ],
      [
        'export OPENCLAW_GATEWAY_TOKEN="abc#x" # trailing comment',
        [
          ['export', 'export'],
          ['key', 'OPENCLAW_GATEWAY_TOKEN'],
          ['separator', '='],
          ['string.quoted.double.dotenv', '"abc#x"'],
          ['comment.line.number-sign.dotenv', '# trailing comment'],
        ],
      ],
      ["A='it#s'", [['key', 'A'], ['separator', '='], ['string.quoted.single.dotenv', "'it#s'"]]],
      ['B=`x`', [['key', 'B'], ['separator', '='], ['string.quoted.other.dotenv', '`x`']]],
      ['C: spaced value', [['key', 'C'], ['separator', ':'], ['string.unquoted.dotenv', 'spaced value']]],
      ['D=', [['key', 'D'], ['separator', '=']]],
    ];
    for (const [line, expected] of cases) {
      assert.deepEqual(tokenize(line), expected, line);
      const value = expected.find(([scope]) => scope.startsWith('string.'))?.[1];
      if (!line.startsWith('#')) assert.equal(value ?? '', writtenValue(line) ?? '', `dotenv agrees on ${line}`);
    }
  });
});
