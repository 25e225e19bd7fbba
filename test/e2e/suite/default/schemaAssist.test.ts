import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openConfig, waitFor, waitForCode } from '../e2eHelpers';

interface SchemaApi {
  schema(): { version: string; origin: string };
}

function labels(list: vscode.CompletionList): string[] {
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label).replace(/^["']|["']$/g, ''));
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('the whole file through the key tree in a real VS Code', () => {
  let version = '';
  before(async () => {
    const api = await activateExtension<SchemaApi>();
    ({ version } = api.schema());
    assert.equal(api.schema().origin, 'bundled');
  });

  it('JSON5: unknown keys outside gateway, completion of their keys and hover with the schema version', async () => {
    const text = "{\n  gateway: { mode: 'local' },\n  plugns: {},\n  plugins: {\n    enabled: true,\n    \n  },\n}\n";
    const document = await openConfig(text, 'openclaw.json5');
    const [d] = await waitForCode(document.uri, 'unknown-key');
    assert.equal(document.getText(d.range), 'plugns');
    assert.match(d.message, /Did you mean "plugins"\?/);
    const at = document.positionAt(text.indexOf('true,\n') + 10);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, at);
    const names = labels(list);
    assert.equal(names.filter((n) => n === 'entries').length, 1, names.join(','));
    assert.ok(!names.includes('enabled'), 'a key already there is not offered');
    const hovers = await waitFor('a hover', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(text.indexOf('enabled') + 2));
      return found.length ? found : undefined;
    });
    const shown = hoverText(hovers);
    assert.match(shown, /\*\*enabled\*\* `boolean`/);
    assert.ok(shown.includes(`OpenClaw ${version} schema`), shown);
  });

  it('JSON: gateway keys are completed once (by the JSON service), keys elsewhere by OpenClaw Guard', async () => {
    const text = '{\n  "gateway": {\n    "mode": "local",\n    \n  },\n  "plugins": {\n    \n  }\n}\n';
    const document = await openConfig(text);
    const inGateway = document.positionAt(text.indexOf('"local",\n') + 13);
    const gatewayNames = await waitFor('JSON service completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, inGateway);
      const names = labels(list);
      return names.includes('port') ? names : undefined;
    });
    assert.equal(gatewayNames.filter((n) => n === 'port').length, 1, gatewayNames.join(','));
    const inPlugins = document.positionAt(text.lastIndexOf('{\n    \n') + 6);
    const pluginNames = labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, inPlugins));
    assert.equal(pluginNames.filter((n) => n === 'entries').length, 1, pluginNames.join(','));
  });
});
