import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'openclaw-guard.openclaw-guard';

export async function activateExtension<T>(): Promise<T> {
  const extension = vscode.extensions.getExtension<T>(EXTENSION_ID);
  assert.ok(extension, 'extension is installed');
  return extension.activate();
}

/** Polls until `probe` returns a value (diagnostics and code actions arrive asynchronously). */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== undefined) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

let counter = 0;

/** Writes a config file into a fresh folder of the test workspace and opens it. */
export async function openConfig(content: string, name = 'openclaw.json'): Promise<vscode.TextDocument> {
  const dir = join(workspaceDir(), `case-${Date.now()}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  return document;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'openclaw');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function waitForCode(uri: vscode.Uri, code: string, present = true): Promise<vscode.Diagnostic[]> {
  return waitFor(`${code} ${present ? 'to appear' : 'to disappear'}`, () => {
    const found = ours(uri).filter((d) => codeOf(d) === code);
    return present ? (found.length > 0 ? found : undefined) : found.length === 0 ? found : undefined;
  });
}

/** The document currently at `uri` (a language switch re-creates the document object). */
export function currentDocument(uri: vscode.Uri): vscode.TextDocument {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  assert.ok(document, 'document is open');
  return document;
}

export function writeFile(path: string, content: string): void {
  writeFileSync(path, content);
}
