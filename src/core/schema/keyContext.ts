import { nodeAtPath, type KeyTreeNode, type SchemaKeyTree } from './keyTree';

/** What the key tree says at one offset of a config: for completion and hover. */
export interface KeyContext {
  /** 'key': the cursor is where a key is written; 'value': where a value is. */
  kind: 'key' | 'value';
  /** Path of the object (or array) the cursor is in, from the root of the merged config. */
  objectPath: string[];
  /** The key token under or right before the cursor (a key: its name; a value: the key it is the value of). */
  key?: string;
  /** Source range of the word being typed or hovered (quotes included), to replace or highlight. */
  range: { offset: number; length: number };
  /** The tree of the key (hover, value completion). */
  node?: KeyTreeNode;
  /** Keys the object may hold that it does not hold yet (key completion), with type and description. */
  candidates: Array<{ key: string; node: KeyTreeNode }>;
  /** Values the key accepts (value completion): its enum, or true/false. */
  values: string[];
}

interface Frame {
  type: 'object' | 'array';
  /** This container's key in its parent (an array index as a string). */
  key?: string;
  expectingKey: boolean;
  currentKey?: string;
  index: number;
  seen: Set<string>;
}

interface Token {
  kind: 'string' | 'word' | 'punct';
  text: string;
  offset: number;
  end: number;
}

const WORD = /[A-Za-z0-9_$+\-.]/;

/**
 * Scans JSON5 text up to the token holding `offset`. Tolerant on purpose: while a key is typed the
 * file does not parse, and completion must still know where the cursor is.
 */
function* tokens(text: string, limit: number): Generator<Token> {
  let i = 0;
  while (i < text.length && i <= limit) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c && text[j] !== '\n') {
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else value += text[j++];
      }
      const end = j < text.length && text[j] === c ? j + 1 : j;
      yield { kind: 'string', text: value, offset: i, end };
      i = end;
    } else if ('{}[],:'.includes(c)) {
      yield { kind: 'punct', text: c, offset: i, end: i + 1 };
      i++;
    } else if (WORD.test(c)) {
      let j = i;
      while (j < text.length && WORD.test(text[j])) j++;
      yield { kind: 'word', text: text.slice(i, j), offset: i, end: j };
      i = j;
    } else i++;
  }
}

function childKey(top: Frame | undefined): string | undefined {
  if (!top) return undefined;
  return top.type === 'object' ? top.currentKey : String(top.index);
}

/** The key path, candidates and description at `offset` of a config whose root lands at `mount`. */
export function keyContextAt(text: string, offset: number, tree: SchemaKeyTree, mount: readonly string[] = []): KeyContext | undefined {
  const stack: Frame[] = [];
  let under: Token | undefined;
  for (const token of tokens(text, offset)) {
    if (token.offset <= offset && offset <= token.end && token.kind !== 'punct') {
      under = token;
      break;
    }
    if (token.offset >= offset) break;
    const top = stack[stack.length - 1];
    if (token.kind === 'punct') {
      if (token.text === '{' || token.text === '[') {
        stack.push({ type: token.text === '{' ? 'object' : 'array', key: childKey(top), expectingKey: token.text === '{', index: 0, seen: new Set() });
      } else if (token.text === '}' || token.text === ']') stack.pop();
      else if (token.text === ',' && top) {
        if (top.type === 'object') {
          top.expectingKey = true;
          top.currentKey = undefined;
        } else top.index++;
      } else if (token.text === ':' && top?.type === 'object') top.expectingKey = false;
    } else if (top?.type === 'object' && top.expectingKey) {
      top.currentKey = token.text;
      top.seen.add(token.text);
    }
  }
  const top = stack[stack.length - 1];
  if (!top) return undefined;
  const objectPath = [...mount, ...stack.slice(1).map((f) => f.key ?? '')];
  const container = nodeAtPath(tree.root, objectPath);
  const range = under ? { offset: under.offset, length: under.end - under.offset } : { offset, length: 0 };
  if (top.type === 'object' && top.expectingKey) {
    const key = under?.text;
    const node = key !== undefined && container?.k && Object.hasOwn(container.k, key) ? container.k[key] : key !== undefined ? container?.r : undefined;
    const candidates = Object.entries(container?.k ?? {})
      .filter(([name]) => !top.seen.has(name) || name === key)
      .map(([name, child]) => ({ key: name, node: child }));
    return { kind: 'key', objectPath, key, range, node, candidates, values: [] };
  }
  const key = childKey(top);
  const node = key === undefined ? undefined : top.type === 'array' ? container?.i : container?.k && Object.hasOwn(container.k, key) ? container.k[key] : container?.r;
  const values = node?.e ? [...node.e] : node?.t?.split(' | ').includes('boolean') ? ['true', 'false'] : [];
  return { kind: 'value', objectPath, key, range, node, candidates: [], values };
}
