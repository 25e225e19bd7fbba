import * as vscode from 'vscode';
import { schemaCacheDir, SchemaStore, schemaTarget, type ActiveSchema, type OpenClawInUse } from '../core/schema/installedSchema';
import { keyContextAt } from '../core/schema/keyContext';
import type { KeyTreeNode } from '../core/schema/keyTree';
import type { ResolvedOpenclawVersion } from '../core/version/openclawVersion';
import { isOpenClawConfig } from './configFiles';
import { t } from './localize';
import { openclawVersionFacts } from './openclawVersion';
import { SECTION } from './settings';

/**
 * The key tree the editor judges, completes and describes OpenClaw configs by: the bundled
 * release's, or the release in use once its own tree was generated (in the background, cached in
 * the state dir the CLI shares). The version resolver tells it which release is in use.
 */
export class EditorSchema implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private inUse: OpenClawInUse | undefined;
  private readonly store: SchemaStore;

  constructor(options: { nodePath?: string } = {}) {
    this.store = new SchemaStore({ cacheDir: schemaCacheDir(process.env), nodePath: options.nodePath, onDidChange: () => this.changed.fire() });
  }

  /** The OpenClaw in use, from the version resolver: its version and, when known, its package directory. */
  setOpenClaw(inUse: OpenClawInUse | undefined): void {
    if (inUse?.version === this.inUse?.version && inUse?.packageDir === this.inUse?.packageDir) return;
    this.inUse = inUse;
    this.store.refresh();
    this.changed.fire();
  }

  active(): ActiveSchema {
    return this.store.schemaFor(this.inUse);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The languages an OpenClaw config may be open in. */
const SELECTOR: vscode.DocumentSelector = [{ language: 'json5' }, { language: 'json' }, { language: 'jsonc' }];

/**
 * For json and jsonc, VS Code's JSON service already completes and describes what our
 * jsonValidation schema (schemas/openclaw.schema.json: `$schema` and `gateway`) holds: leave that
 * to it, so nothing is offered twice.
 */
function coveredByJsonService(document: vscode.TextDocument, path: readonly string[]): boolean {
  if (document.languageId === 'json5') return false;
  return path[0] === 'gateway' || path[0] === '$schema';
}

function describe(key: string, node: KeyTreeNode | undefined, version: string): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString();
  markdown.appendMarkdown(`**${key.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&')}**`);
  if (node?.t) markdown.appendMarkdown(` \`${node.t}\``);
  if (node?.d) markdown.appendMarkdown(`\n\n${node.d.replace(/[<>]/g, '')}`);
  if (node?.e?.length) markdown.appendMarkdown(`\n\n${node.e.map((v) => `\`${v}\``).join(' · ')}`);
  markdown.appendMarkdown(`\n\n_${t('OpenClaw {0} schema', version)}_`);
  return markdown;
}

export function registerSchemaAssist(schema: EditorSchema): vscode.Disposable {
  const completion = vscode.languages.registerCompletionItemProvider(
    SELECTOR,
    {
      provideCompletionItems(document, position) {
        if (!isOpenClawConfig(document)) return undefined;
        const active = schema.active();
        const context = keyContextAt(document.getText(), document.offsetAt(position), active.tree);
        if (!context) return undefined;
        const range = new vscode.Range(document.positionAt(context.range.offset), document.positionAt(context.range.offset + context.range.length));
        if (context.kind === 'key') {
          return context.candidates
            .filter((c) => !coveredByJsonService(document, [...context.objectPath, c.key]))
            .map((c) => {
              const item = new vscode.CompletionItem(c.key, c.node.k ? vscode.CompletionItemKind.Module : vscode.CompletionItemKind.Property);
              item.detail = c.node.t;
              item.documentation = describe(c.key, c.node, active.tree.version);
              // JSON5 keys may stay bare; JSON needs quotes.
              const quote = document.getText(range).startsWith("'") ? "'" : document.languageId === 'json5' && !document.getText(range).startsWith('"') ? '' : '"';
              item.insertText = `${quote}${c.key}${quote}`;
              item.filterText = item.insertText;
              item.range = range;
              return item;
            });
        }
        if (coveredByJsonService(document, context.objectPath) || !context.values.length) return undefined;
        const quote = document.getText(range).startsWith("'") ? "'" : '"';
        return context.values.map((value) => {
          const item = new vscode.CompletionItem(value, vscode.CompletionItemKind.EnumMember);
          item.insertText = value === 'true' || value === 'false' ? value : `${quote}${value}${quote}`;
          item.filterText = item.insertText;
          item.range = range;
          return item;
        });
      },
    },
    '"',
    "'",
  );
  const hover = vscode.languages.registerHoverProvider(SELECTOR, {
    provideHover(document, position) {
      if (!isOpenClawConfig(document)) return undefined;
      const active = schema.active();
      const context = keyContextAt(document.getText(), document.offsetAt(position), active.tree);
      if (context?.kind !== 'key' || context.key === undefined || !context.node) return undefined;
      if (coveredByJsonService(document, [...context.objectPath, context.key])) return undefined;
      const range = new vscode.Range(document.positionAt(context.range.offset), document.positionAt(context.range.offset + context.range.length));
      return new vscode.Hover(describe(context.key, context.node, active.tree.version), range);
    },
  });
  return vscode.Disposable.from(completion, hover);
}

/** Text of the language status item: which schema judges the file, and where it came from. */
export function schemaStatusText(active: ActiveSchema): { text: string; detail: string } {
  const text = t('OpenClaw {0} schema', active.version);
  const origin = active.origin === 'install' ? t('from {0}', active.from ?? '') : t('bundled with OpenClaw Guard');
  const wanted = active.wanted;
  if (!wanted) return { text, detail: origin };
  const why =
    wanted.state === 'generating'
      ? t('OpenClaw {0} is in use: its schema is being read from its install', wanted.version)
      : wanted.state === 'failed'
        ? t('OpenClaw {0} is in use: its schema could not be read ({1})', wanted.version, wanted.error ?? '')
        : t('OpenClaw {0} is in use: no install of it was found to read its schema from', wanted.version);
  return { text, detail: `${origin}; ${why}` };
}

/** A language status item for OpenClaw configs: "OpenClaw 2026.9.6 schema (bundled …)". */
export function registerSchemaStatus(schema: EditorSchema): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('openclawGuard.schema', [
    { language: 'json5', pattern: '**/openclaw.{json,json5}' },
    { language: 'json', pattern: '**/openclaw.json' },
    { language: 'jsonc', pattern: '**/openclaw.json' },
  ]);
  item.name = t('OpenClaw schema');
  const update = (): void => {
    const active = schema.active();
    const { text, detail } = schemaStatusText(active);
    item.text = text;
    item.detail = detail;
    item.busy = active.wanted?.state === 'generating';
  };
  update();
  return vscode.Disposable.from(item, schema.onDidChange(update));
}

/**
 * Keeps the schema on the release the findings describe: the version resolver's answer changes
 * with the setting, the running gateway's hello-ok and the installed CLI.
 */
export function registerSchemaFollowsRelease(schema: EditorSchema, release: () => ResolvedOpenclawVersion, ...changes: Array<vscode.Event<unknown>>): vscode.Disposable {
  const follow = (): void => schema.setOpenClaw(schemaTarget(release(), openclawVersionFacts.facts().cliInstall));
  follow();
  return vscode.Disposable.from(...changes.map((change) => change(follow)), vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SECTION) && follow()));
}
