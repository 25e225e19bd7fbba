// Bundles the extension and the CLI into dist/. `--production` minifies and drops source maps,
// `--watch` rebuilds on change.
const esbuild = require('esbuild');

const { version } = require('./package.json');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  // ws loads these optional native speed-ups inside try/catch; we ship without them.
  external: ['vscode', 'bufferutil', 'utf-8-validate'],
  legalComments: 'none',
  // The version the CLI and the probe's client id report, from package.json at build time.
  define: { OPENCLAW_GUARD_VERSION: JSON.stringify(version) },
};

const targets = [
  { ...shared, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...shared, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

async function main() {
  if (watch) {
    const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching src/ ...');
    return;
  }
  await Promise.all(targets.map((t) => esbuild.build(t)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
