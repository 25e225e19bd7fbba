/**
 * Messages are data until they are shown. The engine (rules, fixes, probe) never translates: it
 * returns a `Message` (an English template plus its arguments), and whoever shows it — the CLI,
 * the VS Code adapter, the docs renderer — renders it with the translator of its own user.
 * The English template is the key into the catalogue (`l10n/bundle.l10n.*.json`, the scheme of
 * `vscode.l10n.t`), so one catalogue serves the extension and the CLI.
 *
 * Templates take positional `{0}` arguments, or named `{name}` arguments (rule messages, as
 * ESLint's `messages`/`data`). An argument may itself be a message; it is rendered first, in the
 * same language.
 */
export type MessageArg = string | number | boolean | Message;

export interface Message {
  readonly text: string;
  readonly args: readonly MessageArg[] | Readonly<Record<string, MessageArg>>;
}

/** A message with positional arguments: `msg('{0} is set here', path)`. */
export function msg(text: string, ...args: MessageArg[]): Message {
  return { text, args };
}

/** A message with named arguments: `namedMsg('{path} is set here', { path })`. */
export function namedMsg(text: string, args: Readonly<Record<string, MessageArg>>): Message {
  return { text, args };
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).text === 'string' && typeof (value as Message).args === 'object';
}

/** Looks a template up in the active language; returns the template itself when it has no translation. */
export type Lookup = (template: string) => string;

/** Renders messages in one language. */
export type Translator = (message: Message | string) => string;

/** Fills `{0}` / `{name}` placeholders; an unknown placeholder is left as written. */
export function fillTemplate(template: string, args: readonly string[] | Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = Array.isArray(args) ? (/^\d+$/.test(key) ? (args as readonly string[])[Number(key)] : undefined) : (args as Readonly<Record<string, string>>)[key];
    return value === undefined ? whole : value;
  });
}

export function createTranslator(lookup: Lookup): Translator {
  const render: Translator = (message) => {
    if (typeof message === 'string') return lookup(message);
    const renderArg = (arg: MessageArg): string => (isMessage(arg) ? render(arg) : String(arg));
    const args = Array.isArray(message.args)
      ? (message.args as readonly MessageArg[]).map(renderArg)
      : Object.fromEntries(Object.entries(message.args as Readonly<Record<string, MessageArg>>).map(([k, v]) => [k, renderArg(v)]));
    return fillTemplate(lookup(message.text), args);
  };
  return render;
}

/** A translator backed by a catalogue of English template -> translated template. */
export function catalogueTranslator(catalogue: Readonly<Record<string, string>>): Translator {
  return createTranslator((template) => (Object.prototype.hasOwnProperty.call(catalogue, template) ? catalogue[template] : template));
}

/** English: the templates as written. */
export const english: Translator = createTranslator((template) => template);
