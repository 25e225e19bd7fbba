import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse as dotenvParse } from 'dotenv';
import { isJsWhitespace, parseDotenvFile, type DotenvDocument, type DotenvEntry } from '../../src/core/effective/dotenvFile';
import { dotenvEncodings, encodeDotenvValue, quoteDotenvEntry, removeDotenvEntry, setDotenvValue } from '../../src/core/effective/dotenvEdits';
import type { TextEdit } from '../../src/core/fixes/textEdits';

/**
 * The `.env` model against dotenv itself (the package OpenClaw loads its `.env` with): values,
 * spans, the `#` cut, duplicates, line endings, and edits that dotenv reads back.
 */

/** dotenv 17.4.2's line pattern, with `d` for match indices; checked below against its source. */
const DOTENV_LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.offset - a.offset).reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length), text);
}

function only(doc: DotenvDocument, key: string): DotenvEntry {
  const entry = doc.entryFor(key);
  assert.ok(entry, `no entry for ${key}`);
  return entry;
}

/** The raw value text an entry points at. */
function written(doc: DotenvDocument, entry: DotenvEntry): string {
  return doc.text.slice(entry.valueOffset, entry.valueOffset + entry.valueLength);
}

/** dotenv's own reading, as a plain record (Object.entries skips `__proto__` as OpenClaw's loop does). */
function reference(text: string): Record<string, string> {
  return Object.fromEntries(Object.entries(dotenvParse(text)));
}

describe('dotenvFile: values are dotenv’s', () => {
  it('reads the three quote kinds, with `\\n` expansion only in double quotes', () => {
    const text = "S='a b\\n'\nD=\"a\\nb\\rc\\t\"\nB=`c\"'d`\n";
    const doc = parseDotenvFile(text);
    assert.deepEqual({ ...doc.values }, { S: 'a b\\n', D: 'a\nb\rc\\t', B: 'c"\'d' });
    assert.deepEqual({ ...doc.values }, reference(text));
    assert.deepEqual(
      doc.entries.map((e) => [e.key, e.quote, written(doc, e)]),
      [
        ['S', "'", "'a b\\n'"],
        ['D', '"', '"a\\nb\\rc\\t"'],
        ['B', '`', '`c"\'d`'],
      ],
    );
  });

  it('reads `export`, also on its own line, and a key named export', () => {
    const text = 'export A=1\nexport  B = 2\nexport=3\nexport\n  E=5\nplain=6';
    const doc = parseDotenvFile(text);
    assert.deepEqual({ ...doc.parsed }, reference(text));
    assert.deepEqual(
      doc.entries.map((e) => [e.key, e.value, e.exported, e.line]),
      [
        ['A', '1', true, 0],
        ['B', '2', true, 1],
        ['export', '3', false, 2],
        ['E', '5', true, 4],
        ['plain', '6', false, 5],
      ],
    );
    assert.equal(only(doc, 'E').start, text.indexOf('export\n'));
  });

  it('reads `KEY: value` only with whitespace after the colon, which may be the line break', () => {
    const text = 'A: 1\nB:2\nC : 3\nD:\nX=1\n';
    const doc = parseDotenvFile(text);
    assert.deepEqual({ ...doc.values }, { A: '1', D: 'X=1' });
    assert.deepEqual({ ...doc.values }, reference(text));
    const d = only(doc, 'D');
    assert.equal(written(doc, d), 'X=1');
    assert.equal(d.line, 3);
    assert.equal(d.endLine, 4);
  });

  it('cuts an unquoted value at `#`, with or without a space before it, and never a quoted one', () => {
    const text = "A=abc#def\nB=abc #def\nC=#x\nD= # x\nE='a#b' # c\nF=\"a\"#c\nG=plain\n# H=comment\n";
    const doc = parseDotenvFile(text);
    assert.deepEqual({ ...doc.values }, { A: 'abc', B: 'abc', C: '', D: '', E: 'a#b', F: 'a', G: 'plain' });
    assert.deepEqual({ ...doc.values }, reference(text));
    const cut = (key: string): [number | undefined, boolean | undefined] => [only(doc, key).cutAt, only(doc, key).cutGlued];
    assert.deepEqual(cut('A'), [text.indexOf('#def'), true]);
    assert.deepEqual(cut('B'), [text.indexOf(' #def') + 1, false]);
    assert.deepEqual(cut('C'), [text.indexOf('#x'), true]);
    assert.deepEqual(cut('D'), [text.indexOf('# x'), false]);
    for (const key of ['E', 'F', 'G']) assert.equal(only(doc, key).cutAt, undefined, key);
    assert.equal(written(doc, only(doc, 'B')), 'abc');
    assert.equal(only(doc, 'C').valueLength, 0);
  });

  it('lists duplicates in order and lets the last win', () => {
    const text = 'A=1\nB=2\nexport A="3"\n';
    const doc = parseDotenvFile(text);
    const as = doc.entries.filter((e) => e.key === 'A');
    assert.deepEqual(
      as.map((e) => [e.value, e.line]),
      [
        ['1', 0],
        ['3', 2],
      ],
    );
    assert.equal(doc.entryFor('A'), as[1]);
    assert.equal(doc.values.A, '3');
    assert.equal(doc.entryFor('missing'), undefined);
  });

  it('keeps offsets in the original text through CRLF and lone CR line endings', () => {
    const text = 'A=1\r\nB="x\r\ny"\r\nC=3\rD=4\r\n';
    const doc = parseDotenvFile(text);
    assert.deepEqual({ ...doc.values }, { A: '1', B: 'x\ny', C: '3', D: '4' });
    assert.deepEqual({ ...doc.values }, reference(text));
    assert.deepEqual(
      doc.entries.map((e) => [e.key, text.slice(e.keyOffset, e.keyOffset + e.keyLength), written(doc, e), e.line, e.endLine]),
      [
        ['A', 'A', '1', 0, 0],
        ['B', 'B', '"x\r\ny"', 1, 2],
        ['C', 'C', '3', 3, 3],
        ['D', 'D', '4', 4, 4],
      ],
    );
    assert.equal(doc.eol, '\r\n');
    assert.equal(parseDotenvFile('A=1\nB=2\r\n').eol, '\n');
  });

  it('treats a byte order mark as the whitespace dotenv sees in it', () => {
    const text = '\uFEFFA=1\nB=2';
    const doc = parseDotenvFile(text);
    // OpenClaw hands dotenv a Buffer; its UTF-8 decoding keeps the BOM as U+FEFF.
    assert.deepEqual(reference(Buffer.from(text, 'utf8').toString()), { A: '1', B: '2' });
    assert.deepEqual({ ...doc.values }, { A: '1', B: '2' });
    assert.equal(only(doc, 'A').keyOffset, 1);
    assert.equal(only(doc, 'A').start, 1);
    assert.equal(only(doc, 'A').line, 0);
    assert.deepEqual({ ...parseDotenvFile('A=1\nB=2').values }, { ...doc.values });
    assert.ok(isJsWhitespace(0xfeff));
  });

  it('reads multi-line quoted values and a quote left open until a later line', () => {
    const text = "A=\"line1\nline2\"\nB='x\n\ny'\nC='x\nD=' # y'\nE=\n'next line'\nF=`q`";
    const doc = parseDotenvFile(text);
    assert.deepEqual({ ...doc.values }, { A: 'line1\nline2', B: 'x\n\ny', C: 'x\nD=', E: 'next line', F: 'q' });
    assert.deepEqual({ ...doc.values }, reference(text));
    assert.deepEqual(
      doc.entries.map((e) => [e.key, written(doc, e), e.line, e.endLine]),
      [
        ['A', '"line1\nline2"', 0, 1],
        ['B', "'x\n\ny'", 2, 4],
        ['C', "'x\nD='", 5, 6],
        ['E', "'next line'", 7, 8],
        ['F', '`q`', 9, 9],
      ],
    );
  });

  it('closes an open quote at an escaped quote when the plain one after it fails', () => {
    // The hard stop (the quote in `z'w`) is followed by text, so dotenv backs up to `\'`.
    const text = "A='x\ny\\' # c\nB=z'w\n";
    const doc = parseDotenvFile(text);
    assert.deepEqual({ ...doc.values }, { A: 'x\ny\\', B: "z'w" });
    assert.deepEqual({ ...doc.values }, reference(text));
    assert.equal(written(doc, only(doc, 'A')), "'x\ny\\'");
  });

  it('reads each entry as dotenv reads the whole file when text between entries is left out', () => {
    // Entry values are read from the entries' own texts joined together: A's open quote must not
    // reach the quote in B's comment, which the junk line in between stops in the whole file.
    const text = "A='x\njunk'z\nB=1 # it'\n";
    const doc = parseDotenvFile(text);
    assert.deepEqual({ ...doc.values }, { A: "'x", B: '1' });
    assert.deepEqual({ ...doc.values }, reference(text));
    assert.equal(doc.crossChecked, true);
    assert.equal(doc.entries[0].value, "'x");
  });

  it('reads empty values, and points an empty unquoted one just past the separator', () => {
    const text = "A=\nB=''\nC=\"\"\nD=   \nE:  \n";
    const doc = parseDotenvFile(text);
    assert.deepEqual({ ...doc.values }, { A: '', B: '', C: '', D: '', E: '' });
    assert.deepEqual({ ...doc.values }, reference(text));
    assert.deepEqual(
      doc.entries.map((e) => [e.valueOffset - e.separatorOffset, e.valueLength]),
      [
        [1, 0],
        [1, 2],
        [1, 2],
        [1, 0],
        [2, 0],
      ],
    );
  });

  it('marks keys OpenClaw rejects and leaves them out of values', () => {
    const text = 'my-key=1\na.b=2\n1ABC=3\n__proto__=4\nconstructor=5\n_ok=6\n';
    const doc = parseDotenvFile(text);
    assert.deepEqual(
      doc.entries.map((e) => [e.key, e.accepted]),
      [
        ['my-key', false],
        ['a.b', false],
        ['1ABC', false],
        ['__proto__', false],
        ['constructor', true],
        ['_ok', true],
      ],
    );
    assert.deepEqual({ ...doc.values }, { constructor: '5', _ok: '6' });
    assert.deepEqual({ ...doc.parsed }, { 'my-key': '1', 'a.b': '2', '1ABC': '3', constructor: '5', _ok: '6' });
    // dotenv drops __proto__ (the prototype setter takes it); we still list where it was written.
    assert.equal(doc.entries[3].value, '4');
    assert.equal(doc.entryFor('__proto__'), undefined);
    assert.equal(Object.getPrototypeOf(doc.values), null);
    assert.ok(!('toString' in doc.values));
  });

  it('points every span at exactly its text', () => {
    const text = "# head\n  export   TOKEN = \"s3cr#t\"   # note\nURL: http://x/#frag\n\tPASS='p w'\nEMPTY=\nK.E-Y = v a l  \n";
    const doc = parseDotenvFile(text);
    assert.deepEqual(
      doc.entries.map((e) => [text.slice(e.start, e.keyOffset + e.keyLength), text[e.separatorOffset], written(doc, e), e.value]),
      [
        ['export   TOKEN', '=', '"s3cr#t"', 's3cr#t'],
        ['URL', ':', 'http://x/', 'http://x/'],
        ['PASS', '=', "'p w'", 'p w'],
        ['EMPTY', '=', '', ''],
        ['K.E-Y', '=', 'v a l', 'v a l'],
      ],
    );
    assert.equal(only(doc, 'URL').cutAt, text.indexOf('#frag'));
    assert.equal(doc.crossChecked, true);
    assert.deepEqual(doc.unlocated, []);
  });

  it('treats U+2028 as dotenv does: a line end for comments, not for an unquoted value', () => {
    const text = 'A=x\u2028B=y\nD=#\u2028E=2\n';
    const doc = parseDotenvFile(text);
    assert.deepEqual({ ...doc.values }, reference(text));
    assert.deepEqual({ ...doc.values }, { A: 'x\u2028B=y', D: '', E: '2' });
  });

  it('flags a file OpenClaw skips as too large (over 1 MiB in UTF-8)', () => {
    assert.equal(parseDotenvFile('A=' + 'x'.repeat(1048574)).oversized, false);
    assert.equal(parseDotenvFile('A=' + 'x'.repeat(1048575)).oversized, true);
    assert.equal(parseDotenvFile('A=' + 'é'.repeat(524288)).oversized, true);
  });

  it('uses JavaScript’s \\s for whitespace, code unit for code unit', () => {
    for (let c = 0; c <= 0xffff; c++) assert.equal(isJsWhitespace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
  });
});

describe('dotenvFile: the scanner makes dotenv’s matches', () => {
  it('copies the pattern of the installed dotenv exactly', () => {
    const source = readFileSync(require.resolve('dotenv'), 'utf8');
    const line = /^const LINE = (\/.*\/)mg$/m.exec(source);
    assert.ok(line, 'dotenv no longer declares LINE: re-check the scanner against its parse');
    assert.equal(line[1], `/${DOTENV_LINE.source}/`);
  });

  const piece = fc.oneof(
    fc.constantFrom('A', 'KEY', 'export', 'export ', '=', ':', ': ', ' ', '\t', '\n', '\n', '#', ' # ', "'", '"', '`', '\\', "='", '="', 'x', '__proto__', '.', '-', '\u2028', '\uFEFF', '\u00a0'),
    fc.string({ maxLength: 3 }),
  );
  const messy = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

  it('finds the same keys and value spans as dotenv’s own pattern on random text', () => {
    fc.assert(
      fc.property(
        messy.map((t) => t.replace(/\r/g, '')),
        (text) => {
          const expected: Array<[string, number, string]> = [];
          DOTENV_LINE.lastIndex = 0;
          for (let m = DOTENV_LINE.exec(text); m; m = DOTENV_LINE.exec(text)) {
            const indices = m.indices;
            assert.ok(indices);
            const group = indices[2];
            expected.push([m[1], indices[1][0], group ? text.slice(group[0], group[1]).trim() : '']);
          }
          const doc = parseDotenvFile(text);
          assert.deepEqual(
            doc.entries.map((e) => [e.key, e.keyOffset, written(doc, e)]),
            expected,
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('gives each key dotenv’s value, with a span for every one, on random text', () => {
    fc.assert(
      fc.property(messy, (text) => {
        const doc = parseDotenvFile(text);
        const want = reference(text);
        assert.deepEqual({ ...doc.parsed }, want);
        assert.deepEqual(doc.unlocated, []);
        for (const [key, value] of Object.entries(want)) assert.equal(doc.entryFor(key)?.value, value, key);
      }),
      { numRuns: 3000 },
    );
  });

  const line = fc.oneof(
    fc.constantFrom('# comment', '', '   ', 'export GATEWAY_TOKEN="abc def"', "PASS='p#w'", 'URL=http://h/#x', 'K: v', 'MULTI="a', 'b"', 'X=`q`'),
    fc.tuple(fc.constantFrom('A', 'B', 'OPENCLAW_GATEWAY_TOKEN', 'bad-key'), fc.string({ maxLength: 8 })).map(([k, v]) => `${k}=${v}`),
  );
  const fileText = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));
  const mutated = fc.tuple(fileText, fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.constantFrom('', '\r', '\n', '\r\n', '#', "'", '"', '`', '\\', '=', ':', ' ', '\uFEFF', '\uD800', 'x')), { maxLength: 6 })).map(([text, edits]) =>
    edits.reduce((t, [at, drop, insert]) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + insert + t.slice(i + drop);
    }, text),
  );

  it('never throws, agrees with dotenv, and keeps every span inside the text on mutated files', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ unit: 'binary', maxLength: 60 })), (text) => {
        const doc = parseDotenvFile(text);
        assert.deepEqual({ ...doc.parsed }, reference(text));
        let previous = -1;
        for (const e of doc.entries) {
          assert.ok(e.start > previous && e.start <= e.keyOffset && e.keyOffset + e.keyLength <= e.separatorOffset, 'entries in order, key before separator');
          assert.ok(e.separatorOffset < e.separatorEnd && e.separatorEnd <= e.valueOffset && e.valueOffset + e.valueLength <= text.length, 'value after separator, inside the text');
          assert.equal(text.slice(e.keyOffset, e.keyOffset + e.keyLength), e.key);
          assert.ok(e.line <= e.endLine);
          if (e.cutAt !== undefined) assert.equal(text[e.cutAt], '#');
          previous = e.end;
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('dotenvFile: large files (speed is measured in npm run bench)', () => {
  it('reads a 1 MB file entry by entry', () => {
    const kinds = [
      (i: number) => `OPENAI_API_KEY_${i}=sk-${'a'.repeat(40)}${i}`,
      (i: number) => `# comment line ${i} explaining the next setting`,
      (i: number) => `export GATEWAY_${i}="quoted value ${i} with spaces"`,
      () => '',
      (i: number) => `PATH_${i}='/usr/local/bin:/usr/bin'  # trailing`,
    ];
    let text = '';
    for (let i = 0; text.length < 1 << 20; i++) text += kinds[i % kinds.length](i) + '\n';
    text = text.slice(0, 1 << 20);
    const doc = parseDotenvFile(text);
    assert.equal(doc.entries.length, 14286);
    assert.equal(doc.values.OPENAI_API_KEY_0, `sk-${'a'.repeat(40)}0`);
  });

  it('skips the whole-file check on the blank-line runs that make dotenv’s own pattern quadratic', () => {
    const text = 'A=1\n' + '\n'.repeat(1 << 20) + 'B="2"\n' + ' \n'.repeat(1 << 18) + 'KEY_ONLY\n' + '\r\n'.repeat(1 << 18);
    const doc = parseDotenvFile(text);
    // dotenv.parse would take about two minutes here (the last 262,144 line breaks), so the
    // whole-file check is skipped, and values come from each entry's own text.
    assert.equal(doc.crossChecked, false);
    assert.deepEqual({ ...doc.values }, { A: '1', B: '2' });
    assert.equal(only(doc, 'B').line, (1 << 20) + 1);
  });
});

describe('dotenvEdits: encoding values', () => {
  it('writes the shortest form dotenv reads back', () => {
    const cases: Array<[string, string | undefined]> = [
      ['abc', 'abc'],
      ['a b', 'a b'],
      ["it's", "it's"],
      ['C:\\new', 'C:\\new'],
      ['', "''"],
      [' padded ', "' padded '"],
      ['a#b', "'a#b'"],
      ["'lead", `"'lead"`],
      ['"lead', `'"lead'`],
      ['a\nb', '"a\\nb"'],
      ['cr\r', '"cr\\r"'],
      ['lit\\n\nreal', "'lit\\n\nreal'"],
      ['x\u2028y', "'x\u2028y'"],
      ['all\'"`\n', undefined],
      [' \\', undefined],
    ];
    for (const [value, expected] of cases) {
      assert.equal(encodeDotenvValue(value), expected, JSON.stringify(value));
      if (expected !== undefined) assert.equal(dotenvParse(`K=${expected}`).K, value);
    }
  });

  it('has every encoding read back, also before lines that would catch an unclosed quote', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '#', "'", '"', '`', '\\', 'n', 'r', '\n', '\r', '\t', '=', '\u2028', 'é'), maxLength: 10 }), (value) => {
        for (const encoded of dotenvEncodings(value)) {
          assert.equal(dotenvParse(`K=${encoded}`).K, value);
          assert.equal(dotenvParse(`K=${encoded}\nX=a' # '\nY=b" # "\nZ=c\` # \`\n`).K, value);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dotenvEdits: edits', () => {
  const set = (text: string, key: string, value: string, eol?: '\n' | '\r\n'): string | undefined => {
    const edits = setDotenvValue(parseDotenvFile(text), key, value, eol);
    return edits && apply(text, edits);
  };

  it('replaces the winning value and keeps export, the key, and comments', () => {
    assert.equal(set('export A=old # note\nB=2\n', 'A', 'new value'), 'export A=new value # note\nB=2\n');
    assert.equal(set("A='old' # note\n", 'A', 'a#b'), "A='a#b' # note\n");
    assert.equal(set('B="q"#c\n', 'B', 'bare'), 'B=bare #c\n');
    assert.equal(set('A=1\nA=2\n', 'A', '3'), 'A=1\nA=3\n');
    assert.equal(set('K: v\n', 'K', 'w'), 'K: w\n');
    assert.equal(set('A=\n', 'A', 'x'), 'A=x\n');
    assert.equal(set('A = \n', 'A', 'x'), 'A = x\n');
    assert.equal(set('A=   # c\n', 'A', 'x'), 'A=x   # c\n');
    assert.equal(set("A=\n'on the next line'\nZ=1", 'A', 'x'), 'A=x\nZ=1');
    // The `#def` was part of what the user wrote as the value.
    assert.equal(set('C=abc#def\n', 'C', 'x'), 'C=x\n');
    assert.equal(set('C=abc #comment\n', 'C', 'x'), 'C=x #comment\n');
  });

  it('appends a missing key in the file’s line-ending style', () => {
    assert.equal(set('A=1', 'B', 'x'), 'A=1\nB=x');
    assert.equal(set('A=1\r\n', 'B', 'x y'), 'A=1\r\nB=x y\r\n');
    assert.equal(set('A=1\r\nC=2', 'B', 'a\nb'), 'A=1\r\nC=2\r\nB="a\\nb"');
    assert.equal(set('', 'B', 'x'), 'B=x\n');
    assert.equal(set('\uFEFF', 'B', 'x'), '\uFEFFB=x\n');
    assert.equal(set('A=1\n', 'B', 'x', '\r\n'), 'A=1\nB=x\r\n');
    // `A:` at a line end reads the next line: the new line goes after a blank one.
    assert.equal(set('A:\n', 'B', 'x'), 'A:\n\nB=x\n');
  });

  it('refuses what it cannot write safely', () => {
    assert.equal(set('A=1\n', 'A', 'all\'"`\n'), undefined);
    assert.equal(set('A=1\n', 'bad key', 'x'), undefined);
    assert.equal(set('A=1\n', '__proto__', 'x'), undefined);
  });

  it('quotes a value cut at `#` so dotenv reads all that was written', () => {
    const quote = (text: string, key: string): string | undefined => {
      const doc = parseDotenvFile(text);
      const edits = quoteDotenvEntry(doc, only(doc, key));
      return edits && apply(text, edits);
    };
    assert.equal(quote('export PASS=abc#def  \nN=1\n', 'PASS'), "export PASS='abc#def'  \nN=1\n");
    assert.equal(quote('T=a b #c\r\n', 'T'), "T='a b #c'\r\n");
    assert.equal(quote('T=#x', 'T'), "T='#x'");
    assert.equal(quote("Q=it's#1\n", 'Q'), `Q="it's#1"\n`);
    assert.equal(quote('N=1\n', 'N'), undefined);
    assert.equal(quote('Z=a\'b"c`#\n', 'Z'), undefined);
    const fixed = parseDotenvFile(quote('P=p#w\n', 'P') ?? '');
    assert.equal(fixed.values.P, 'p#w');
    assert.equal(only(fixed, 'P').cutAt, undefined);
  });

  it('removes an entry’s whole lines', () => {
    const remove = (text: string, key: string): string => {
      const doc = parseDotenvFile(text);
      return apply(text, removeDotenvEntry(doc, only(doc, key)));
    };
    assert.equal(remove('A=1\nB=2 # c\nC=3\n', 'B'), 'A=1\nC=3\n');
    assert.equal(remove('A=1\r\nB=2', 'B'), 'A=1');
    assert.equal(remove('A="x\ny"\nB=2\n', 'A'), 'B=2\n');
    assert.equal(remove('export\n  E=5\nF=6\n', 'E'), 'F=6\n');
    assert.equal(remove('\uFEFFA=1\nB=2\n', 'A'), '\uFEFFB=2\n');
    assert.equal(remove('A=1', 'A'), '');
    assert.equal(remove('D:\nX=1\nY=2', 'D'), 'Y=2');
  });

  const key = fc.constantFrom('A', 'B', 'TOKEN', 'NEW_KEY');
  const entryLine = fc.tuple(fc.constantFrom('A', 'B', 'TOKEN', 'OTHER', 'bad-key'), fc.constantFrom('=', ' = ', ': '), fc.constantFrom('v', "'q v'", '"d\\nv"', '`b`', 'x # c', '"y"#c', '', 'p#w'), fc.boolean()).map(([k, sep, v, exp]) => `${exp ? 'export ' : ''}${k}${sep}${v}`);
  const file = fc
    .tuple(fc.array(fc.oneof(entryLine, fc.constantFrom('# comment', '', '  ')), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([lines, eol, trailing]) => lines.join(eol) + (trailing && lines.length > 0 ? eol : ''));
  const value = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', '#', "'", '"', '`', '\\', 'n', '\n', '\r', '=', '$', 'é'), maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }));

  it('sets random values that dotenv reads back exactly, leaving every other line alone', () => {
    fc.assert(
      fc.property(file, key, value, (text, k, v) => {
        const doc = parseDotenvFile(text);
        const edits = setDotenvValue(doc, k, v);
        if (encodeDotenvValue(v) === undefined) {
          assert.equal(edits, undefined);
          return;
        }
        assert.ok(edits, `no edit for ${JSON.stringify(v)} in ${JSON.stringify(text)}`);
        const after = apply(text, edits);
        assert.equal(dotenvParse(after)[k], v);
        const others = (t: string): Array<[string, string]> => Object.entries(dotenvParse(t)).filter(([name]) => name !== k);
        assert.deepEqual(others(after), others(text));
        // Byte for byte outside the edited entry's own lines.
        const entry = doc.entryFor(k);
        const lineStart = (at: number): number => Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
        const head = entry ? text.slice(0, lineStart(entry.start)) : text;
        assert.ok(after.startsWith(head), 'lines before the entry are untouched');
        if (entry) {
          const rest = /[\r\n]/.exec(text.slice(entry.end));
          const tail = rest ? text.slice(entry.end + rest.index) : '';
          assert.ok(after.endsWith(tail), 'lines after the entry are untouched');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
