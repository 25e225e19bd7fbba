import type { TextEdit } from '../fixes/textEdits';
import { hasLineBreakOrControl, lineBreakOf, lineOf, lineStarts, type ServiceAssignment } from './serviceText';

/**
 * Shell start-up files read as text, never run: `~/.bashrc`, `~/.profile`, `~/.zshrc`, … (POSIX
 * shell words) and fish's `config.fish`. What is found: `export X=…`, `declare -x`/`typeset -x X=…`,
 * `X=…` (exported when an `export X` appears in the same file), fish's `set -x`/`-gx`/`-Ux X …`.
 * A value holding an expansion (`$VAR`, `$(…)`, backticks, fish's `(…)`) cannot be known without
 * running the shell: it is kept as written and marked dynamic. Only the names `keep` accepts are
 * recorded (the gateway's variables), so other secrets in a profile are never held.
 */

export type ShellDialect = 'posix' | 'fish';

interface ShellWord {
  /** Unquoted text; expansions are kept as written. */
  text: string;
  start: number;
  end: number;
  /** Raw offset of each character of `text`. */
  sources: number[];
  dynamic: boolean;
}

interface ShellCommand {
  words: ShellWord[];
  start: number;
  end: number;
  /** Raw offset just after the command's terminator (`;`, `&&`, …), or `end` when a line break or the end ends it. */
  terminatorEnd: number;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t';
}

/** Splits text into simple commands of words, following the dialect's quoting. */
function commands(text: string, dialect: ShellDialect): ShellCommand[] {
  const out: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let i = 0;
  const finish = (terminatorStart: number, terminatorEnd: number): void => {
    if (words.length > 0) out.push({ words, start: words[0].start, end: words[words.length - 1].end, terminatorEnd: Math.max(terminatorStart, terminatorEnd) });
    words = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (c === '\n' || c === '\r') {
      finish(i, i);
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c === ';' || c === '&' || c === '|') {
      let j = i + 1;
      if ((c === '&' || c === '|') && text[j] === c) j++;
      finish(i, j);
      i = j;
      continue;
    }
    const word: ShellWord = { text: '', start: i, end: i, sources: [], dynamic: false };
    let quote: string | undefined;
    let depth = 0;
    while (i < text.length) {
      const ch = text[i];
      if (!quote && depth === 0 && (isSpace(ch) || ch === '\n' || ch === '\r' || ch === ';' || ch === '&' || ch === '|')) break;
      if (!quote && (ch === "'" || ch === '"')) {
        quote = ch;
        i++;
        continue;
      }
      if (quote && ch === quote) {
        quote = undefined;
        i++;
        continue;
      }
      if (ch === '\\' && quote !== "'") {
        const next = text[i + 1];
        if (next === undefined) {
          i++;
          continue;
        }
        // POSIX double quotes keep the backslash unless it escapes $ ` " \ or a line break.
        const escapes = quote === '"' ? (dialect === 'fish' ? '"\\$\n' : '$`"\\\n') : undefined;
        if (escapes !== undefined && !escapes.includes(next)) {
          word.text += ch;
          word.sources.push(i);
          i++;
          continue;
        }
        if (next !== '\n') {
          const translated = dialect === 'fish' && quote === undefined ? ({ n: '\n', t: '\t' } as Record<string, string>)[next] ?? next : next;
          word.text += translated;
          word.sources.push(i + 1);
        }
        i += 2;
        continue;
      }
      if (ch === '\\' && quote === "'" && dialect === 'fish' && (text[i + 1] === "'" || text[i + 1] === '\\')) {
        word.text += text[i + 1];
        word.sources.push(i + 1);
        i += 2;
        continue;
      }
      if (quote !== "'" && (ch === '$' || (ch === '`' && dialect === 'posix'))) word.dynamic = true;
      if (dialect === 'fish' && !quote && (ch === '(' || ch === '*' || ch === '~' || ch === '{')) word.dynamic = true;
      if (dialect === 'posix' && !quote && ch === '(') depth++;
      if (dialect === 'posix' && !quote && ch === ')' && depth > 0) depth--;
      word.text += ch;
      word.sources.push(i);
      i++;
    }
    word.end = i;
    words.push(word);
  }
  finish(text.length, text.length);
  return out;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ShellStatement {
  /** The command holding the assignment (for removing it). */
  command: ShellCommand;
  /** The word holding the assignment, or for fish the name word. */
  word: ShellWord;
  assignment: ServiceAssignment;
}

export interface ShellProfileDocument {
  text: string;
  dialect: ShellDialect;
  assignments: ServiceAssignment[];
  statements: ShellStatement[];
  /** `export X` without a value, by name (they export the value set elsewhere; removed with it). */
  exportOnly: Array<{ name: string; command: ShellCommand; word: ShellWord }>;
}

function assignmentOf(word: ShellWord, eq: number, starts: readonly number[]): { name: string; assignment: Omit<ServiceAssignment, 'exported'> } {
  const valueOffset = word.sources[eq] + 1;
  return {
    name: word.text.slice(0, eq),
    assignment: {
      name: word.text.slice(0, eq),
      value: word.text.slice(eq + 1),
      line: lineOf(starts, valueOffset),
      valueOffset,
      valueLength: word.end - valueOffset,
      statementOffset: word.start,
      statementLength: word.end - word.start,
      ...(word.dynamic ? { dynamic: true } : {}),
    },
  };
}

export function parseShellProfile(text: string, dialect: ShellDialect, keep: (name: string) => boolean = () => true): ShellProfileDocument {
  const starts = lineStarts(text);
  const statements: ShellStatement[] = [];
  const exportOnly: ShellProfileDocument['exportOnly'] = [];
  const exportedNames = new Set<string>();
  for (const command of commands(text, dialect)) {
    const [first, ...rest] = command.words;
    if (dialect === 'fish') {
      if (first.text !== 'set') continue;
      let exported = false;
      let erase = false;
      let at = 0;
      while (at < rest.length && rest[at].text.startsWith('-')) {
        const flag = rest[at].text;
        if (flag === '--') {
          at++;
          break;
        }
        if (flag === '--export' || (/^-[a-zA-Z]+$/.test(flag) && flag.includes('x'))) exported = true;
        if (flag === '--erase' || (/^-[a-zA-Z]+$/.test(flag) && flag.includes('e'))) erase = true;
        at++;
      }
      const nameWord = rest[at];
      if (erase || !nameWord || !NAME.test(nameWord.text) || !keep(nameWord.text)) continue;
      const values = rest.slice(at + 1);
      const valueOffset = values.length > 0 ? values[0].start : nameWord.end;
      const valueEnd = values.length > 0 ? values[values.length - 1].end : nameWord.end;
      statements.push({
        command,
        word: nameWord,
        assignment: {
          name: nameWord.text,
          value: values.map((v) => v.text).join(' '),
          line: lineOf(starts, valueOffset),
          valueOffset,
          valueLength: valueEnd - valueOffset,
          statementOffset: command.start,
          statementLength: command.end - command.start,
          exported,
          ...(values.some((v) => v.dynamic) ? { dynamic: true } : {}),
        },
      });
      continue;
    }
    const declares = first.text === 'declare' || first.text === 'typeset';
    if (first.text === 'export' || declares) {
      let exported = first.text === 'export';
      for (const word of rest) {
        if (word.text.startsWith('-')) {
          if (declares && word.text.includes('x')) exported = true;
          continue;
        }
        const eq = word.text.indexOf('=');
        const name = eq < 0 ? word.text : word.text.slice(0, eq);
        if (!NAME.test(name) || !keep(name)) continue;
        if (eq < 0) {
          if (exported) {
            exportOnly.push({ name, command, word });
            exportedNames.add(name);
          }
          continue;
        }
        if (exported) exportedNames.add(name);
        statements.push({ command, word, assignment: { ...assignmentOf(word, eq, starts).assignment, exported } });
      }
      continue;
    }
    // `X=1 Y=2` alone assigns; `X=1 cmd` only sets X for cmd.
    const allAssignments = command.words.every((w) => {
      const eq = w.text.indexOf('=');
      return eq > 0 && NAME.test(w.text.slice(0, eq));
    });
    if (!allAssignments) continue;
    for (const word of command.words) {
      const eq = word.text.indexOf('=');
      const name = word.text.slice(0, eq);
      if (keep(name)) statements.push({ command, word, assignment: { ...assignmentOf(word, eq, starts).assignment, exported: false } });
    }
  }
  for (const statement of statements) if (exportedNames.has(statement.assignment.name)) statement.assignment.exported = true;
  return { text, dialect, assignments: statements.map((s) => s.assignment), statements, exportOnly };
}

/** A POSIX shell word that reads back as `value`: bare when safe, else single-quoted. */
export function posixQuote(value: string, alwaysQuote = false): string | undefined {
  if (hasLineBreakOrControl(value)) return undefined;
  if (!alwaysQuote && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** A fish word that reads back as `value`. */
export function fishQuote(value: string): string | undefined {
  if (hasLineBreakOrControl(value)) return undefined;
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function sameOthers(before: ShellProfileDocument, after: ShellProfileDocument, name: string): boolean {
  const show = (d: ShellProfileDocument): string[] => d.assignments.filter((a) => a.name !== name).map((a) => `${a.name}=${a.value}:${a.exported ? 1 : 0}`);
  const a = show(before);
  const b = show(after);
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The span that removes a whole command: its lines when it stands alone on them, else the command and its terminator. */
function commandRemoval(text: string, command: ShellCommand): { offset: number; length: number } {
  let lineStart = command.start;
  while (lineStart > 0 && isSpace(text[lineStart - 1])) lineStart--;
  const aloneBefore = lineStart === 0 || text[lineStart - 1] === '\n' || text[lineStart - 1] === '\r';
  let after = command.terminatorEnd;
  while (after < text.length && isSpace(text[after])) after++;
  if (text[after] === '#') while (after < text.length && text[after] !== '\n' && text[after] !== '\r') after++;
  const aloneAfter = after >= text.length || text[after] === '\n' || text[after] === '\r';
  if (aloneBefore && aloneAfter) {
    const breakLength = text[after] === '\r' && text[after + 1] === '\n' ? 2 : after < text.length ? 1 : 0;
    return { offset: lineStart, length: after + breakLength - lineStart };
  }
  let end = command.terminatorEnd;
  while (end < text.length && isSpace(text[end])) end++;
  return { offset: command.start, length: end - command.start };
}

type Apply = (text: string, edits: readonly TextEdit[]) => string;

function verified(doc: ShellProfileDocument, edits: TextEdit[], name: string, value: string | undefined, reparse: (text: string) => ShellProfileDocument, apply: Apply): TextEdit[] | undefined {
  const after = reparse(apply(doc.text, edits));
  const mine = after.assignments.filter((a) => a.name === name);
  if (value === undefined ? mine.length > 0 || after.exportOnly.some((e) => e.name === name) : mine.length === 0 || mine.some((a) => a.value !== value || a.dynamic)) return undefined;
  return sameOthers(doc, after, name) ? edits : undefined;
}

export function setShellValue(doc: ShellProfileDocument, name: string, value: string, reparse: (text: string) => ShellProfileDocument, apply: Apply, alwaysQuote = false): TextEdit[] | undefined {
  const quoted = doc.dialect === 'fish' ? fishQuote(value) : posixQuote(value, alwaysQuote);
  if (quoted === undefined) return undefined;
  const mine = doc.statements.filter((s) => s.assignment.name === name);
  let edits: TextEdit[];
  if (mine.length > 0) {
    edits = mine.map((s) => ({ offset: s.assignment.valueOffset, length: s.assignment.valueLength, newText: quoted }));
    // fish `set -x NAME` with no value: the value goes after the name.
    for (const [i, s] of mine.entries()) if (doc.dialect === 'fish' && s.assignment.valueLength === 0) edits[i] = { offset: s.word.end, length: 0, newText: ` ${quoted}` };
  } else {
    const br = lineBreakOf(doc.text);
    const sep = doc.text === '' || /[\r\n]$/.test(doc.text) ? '' : br;
    const line = doc.dialect === 'fish' ? `set -gx ${name} ${quoted}` : `export ${name}=${quoted}`;
    edits = [{ offset: doc.text.length, length: 0, newText: `${sep}${line}${br}` }];
  }
  return verified(doc, edits, name, value, reparse, apply);
}

export function removeShellValue(doc: ShellProfileDocument, name: string, reparse: (text: string) => ShellProfileDocument, apply: Apply): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const done = new Set<ShellCommand>();
  const places = [...doc.statements.map((s) => ({ command: s.command, word: s.word })), ...doc.exportOnly.filter((e) => e.name === name)];
  const named = (word: ShellWord): boolean => word.text === name || word.text.startsWith(`${name}=`);
  for (const place of places) {
    if (!named(place.word)) continue;
    const { command, word } = place;
    if (done.has(command)) continue;
    const keyword = command.words[0].text;
    const others = command.words.filter((w, i) => {
      if (w === word) return false;
      if (doc.dialect === 'fish') return false;
      if (i === 0 && (keyword === 'export' || keyword === 'declare' || keyword === 'typeset')) return false;
      if (w.text.startsWith('-')) return false;
      return !named(w);
    });
    if (others.length === 0) {
      done.add(command);
      edits.push({ ...commandRemoval(doc.text, command), newText: '' });
      continue;
    }
    let start = word.start;
    while (start > 0 && isSpace(doc.text[start - 1])) start--;
    edits.push({ offset: start, length: word.end - start, newText: '' });
  }
  if (edits.length === 0) return undefined;
  return verified(doc, wholeLines(doc.text, edits), name, undefined, reparse, apply);
}

/**
 * Removals that together empty a line (`X=1; export X`) take the line with them: adjacent removals
 * separated only by blanks are merged, and one that leaves only blanks or a comment on its line
 * grows to the whole line.
 */
function wholeLines(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const merged: TextEdit[] = [];
  for (const edit of sorted) {
    const last = merged[merged.length - 1];
    if (last && /^[ \t]*$/.test(text.slice(last.offset + last.length, edit.offset)) && last.offset + last.length <= edit.offset) {
      merged[merged.length - 1] = { ...last, length: edit.offset + edit.length - last.offset };
    } else merged.push({ ...edit });
  }
  return merged.map((edit) => {
    let start = edit.offset;
    while (start > 0 && isSpace(text[start - 1])) start--;
    if (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') return edit;
    let end = edit.offset + edit.length;
    while (end < text.length && isSpace(text[end])) end++;
    if (text[end] === '#') while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    if (end < text.length && text[end] !== '\n' && text[end] !== '\r') return edit;
    const breakLength = text[end] === '\r' && text[end + 1] === '\n' ? 2 : end < text.length ? 1 : 0;
    return { ...edit, offset: start, length: end + breakLength - start };
  });
}
