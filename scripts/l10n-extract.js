#!/usr/bin/env node
// Collects every user-facing message from src/ (calls of t(), vscode.l10n.t(), and the parser's
// syntax messages) and writes l10n/bundle.l10n.json. With --check it writes nothing and exits 1
// when the bundle or the zh-CN catalogue is out of date.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..');

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.generated.ts') ? [full] : [];
  });
}

function literalText(node) {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}

/** Calls whose first argument is a message: t('…'), l10n.t('…'), this.fail('…'). */
function isMessageCall(call) {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text === 't';
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text === 't' || callee.name.text === 'fail';
  return false;
}

function extract() {
  const messages = new Set();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node) => {
      if (ts.isCallExpression(node) && isMessageCall(node) && node.arguments.length > 0) {
        const text = literalText(node.arguments[0]);
        if (text !== undefined) messages.add(text);
      }
      // Messages kept in data: { message: '…', args: [...] } and rule docs.
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && ['message', 'summary', 'openclaw', 'fix'].includes(node.name.text)) {
        const text = literalText(node.initializer);
        if (text !== undefined && /\s/.test(text)) messages.add(text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...messages].sort();
}

function main() {
  const check = process.argv.includes('--check');
  const messages = extract();
  const bundle = Object.fromEntries(messages.map((m) => [m, m]));
  const bundlePath = path.join(ROOT, 'l10n', 'bundle.l10n.json');
  const zhPath = path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json');
  const zh = JSON.parse(fs.readFileSync(zhPath, 'utf8'));
  const missing = messages.filter((m) => !(m in zh));
  const stale = Object.keys(zh).filter((k) => !(k in bundle));
  if (check) {
    const current = fs.existsSync(bundlePath) ? fs.readFileSync(bundlePath, 'utf8') : '';
    const wanted = JSON.stringify(bundle, null, 2) + '\n';
    let ok = true;
    if (current !== wanted) { console.error('l10n/bundle.l10n.json is out of date: run npm run l10n'); ok = false; }
    if (missing.length) { console.error(`zh-CN is missing ${missing.length} message(s):\n` + missing.map((m) => '  ' + m).join('\n')); ok = false; }
    if (stale.length) { console.error(`zh-CN has ${stale.length} message(s) no longer used:\n` + stale.map((m) => '  ' + m).join('\n')); ok = false; }
    process.exit(ok ? 0 : 1);
  }
  fs.writeFileSync(bundlePath, JSON.stringify(bundle, null, 2) + '\n');
  console.log(`${messages.length} messages; zh-CN missing ${missing.length}, stale ${stale.length}`);
  if (process.argv.includes('--missing')) fs.writeFileSync(path.join(ROOT, 'l10n', 'missing.zh-cn.json'), JSON.stringify(Object.fromEntries(missing.map((m) => [m, ''])), null, 2) + '\n');
}

main();
