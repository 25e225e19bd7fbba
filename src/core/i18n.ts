/**
 * Message lookup shared by the extension and the CLI. Messages are written in English with
 * `{0}` placeholders; the English text is the key into the zh-CN catalogue (the same scheme as
 * `vscode.l10n.t`, so the extension can hand its own translator in).
 */
export type MessageArg = string | number | boolean;
export type Translator = (message: string, ...args: MessageArg[]) => string;

export function formatMessage(template: string, args: readonly MessageArg[]): string {
  if (args.length === 0) return template;
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

const english: Translator = (message, ...args) => formatMessage(message, args);
let current: Translator = english;

/** Translates and formats a message with the active translator. */
export function t(message: string, ...args: MessageArg[]): string {
  return current(message, ...args);
}

export function setTranslator(translator: Translator | undefined): void {
  current = translator ?? english;
}

/** A translator backed by a catalogue of English message -> translated template. */
export function catalogueTranslator(catalogue: Readonly<Record<string, string>>): Translator {
  return (message, ...args) => {
    const translated = Object.prototype.hasOwnProperty.call(catalogue, message) ? catalogue[message] : message;
    return formatMessage(translated, args);
  };
}
