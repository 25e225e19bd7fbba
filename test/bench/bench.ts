/**
 * `npm run bench`: the speed figures the issues ask for, measured side by side in one run.
 * Numbers are printed, never asserted: timing on a shared 2-core machine is not a pass/fail signal.
 */
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTree } from 'jsonc-parser';
import { analyzeConfig } from '../../src/core/analyze';
import { fixAll } from '../../src/core/fixes/applyFixes';
import { maskedFixDiff } from '../../src/cli/fixDiff';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'configs');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeEach(runs: number, fn: () => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

/** A typical config grown to the given size with more agents and channels, like real ones. */
function typicalConfig(targetBytes: number): string {
  const base = readFileSync(join(FIXTURES, 'typical.json5'), 'utf8');
  const extra: string[] = [];
  let i = 0;
  while (base.length + extra.join('').length < targetBytes) {
    extra.push(`  // agent ${i}\n  extra_${i}: { id: 'agent-${i}', model: 'openai/gpt-6-mini', tools: ['web', 'shell'], limits: { maxTokens: ${1000 + i}, temperature: 0.${i % 10} } },\n`);
    i++;
  }
  return base.replace(/\n}\s*$/, '\n' + extra.join('') + '}\n');
}

/** A 1 MB strict-JSON config (the format OpenClaw writes back), so jsonc-parser can read it too. */
function largeJsonConfig(targetBytes: number): string {
  const config: Record<string, unknown> = JSON.parse(readFileSync(join(FIXTURES, 'typical.json'), 'utf8')) as Record<string, unknown>;
  const sessions: unknown[] = [];
  let text = '';
  for (let i = 0; text.length < targetBytes; i++) {
    sessions.push({ id: `session-${i}`, agent: 'main', title: `Conversation ${i} about \u00e9\u4f60 things`, tags: ['a', 'b', `t${i}`], pinned: i % 3 === 0, score: i * 1.5 });
    if (i % 500 === 0) text = JSON.stringify({ ...config, sessions }, null, 2);
  }
  return JSON.stringify({ ...config, sessions }, null, 2);
}

function benchAnalysis(): void {
  for (const size of [2048, 10240]) {
    const text = typicalConfig(size);
    for (let i = 0; i < 200; i++) analyzeConfig(text, { env: {} });
    const times = timeEach(2000, () => analyzeConfig(text, { env: {} }));
    console.log(`analysis of a typical ${(text.length / 1024).toFixed(1)} KB JSON5 config: median ${(median(times) * 1000).toFixed(0)} µs, p95 ${(times.sort((a, b) => a - b)[Math.floor(times.length * 0.95)] * 1000).toFixed(0)} µs`);
  }
  const big = largeJsonConfig(1024 * 1024);
  for (let i = 0; i < 5; i++) {
    parseTree(big);
    analyzeConfig(big, { env: {} });
  }
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 30; i++) {
    // Interleaved so both see the same machine load.
    baseline.push(...timeEach(1, () => parseTree(big, [], { allowTrailingComma: true })));
    ours.push(...timeEach(1, () => analyzeConfig(big, { env: {} })));
  }
  const ratio = median(ours) / median(baseline);
  console.log(`1 MB config (${(big.length / 1048576).toFixed(2)} MB): full analysis median ${median(ours).toFixed(1)} ms vs bare jsonc-parser parseTree ${median(baseline).toFixed(1)} ms -> ${ratio.toFixed(2)}x (target < 2x)`);
}

/** typical.json (which the safe fixes change) grown to 100,000 lines / about 1 MB of short session lines. */
function largeFixableConfig(targetLines: number): string {
  const config = JSON.parse(readFileSync(join(FIXTURES, 'typical.json'), 'utf8')) as Record<string, unknown>;
  const sessions: unknown[] = [];
  for (let i = 0; ; i++) {
    // A few secrets far from the fixes, which the diff must still walk past.
    sessions.push(i % 2000 === 0 ? { id: `s${i}`, apiKey: `sk-bench-${i}-Qm7Zt2Lx9Vb4Nc8R` } : { id: `s${i}`, on: i % 2 === 0, n: [i, 1, 2, 3, 4, 5] });
    if (i % 500 === 0) {
      const text = JSON.stringify({ ...config, sessions }, null, 2);
      if (text.split('\n').length >= targetLines) return text;
    }
  }
}

/** `check --fix-dry-run` prints maskedFixDiff(before, fixed); it should cost about what analysing the file does. */
function benchFixDiff(): void {
  const text = largeFixableConfig(100_000);
  const options = { env: {} };
  const start = process.hrtime.bigint();
  const fixed = fixAll(text, options).text;
  const fixMs = Number(process.hrtime.bigint() - start) / 1e6;
  const model = analyzeConfig(text, options).model;
  const secrets = model ? Object.values(model.slots).flatMap((slot) => (slot.resolved.state === 'value' ? [slot.resolved.value] : [])) : [];
  for (let i = 0; i < 3; i++) {
    analyzeConfig(text, options);
    maskedFixDiff('openclaw.json', text, fixed, secrets);
  }
  const diff: number[] = [];
  const analysis: number[] = [];
  for (let i = 0; i < 15; i++) {
    // Interleaved so both see the same machine load.
    analysis.push(...timeEach(1, () => analyzeConfig(text, options)));
    diff.push(...timeEach(1, () => maskedFixDiff('openclaw.json', text, fixed, secrets)));
  }
  const hunks = maskedFixDiff('openclaw.json', text, fixed, secrets).split('\n').filter((l) => l.startsWith('@@')).length;
  const ratio = median(diff) / median(analysis);
  console.log(
    `--fix-dry-run diff of a ${(text.length / 1048576).toFixed(2)} MB, ${text.split('\n').length}-line config (${hunks} hunks): median ${median(diff).toFixed(1)} ms vs its analysis ${median(analysis).toFixed(1)} ms -> ${ratio.toFixed(2)}x (target < 3x); fixAll itself, once: ${fixMs.toFixed(0)} ms`,
  );
}

function benchCli(): void {
  const dir = mkdtempSync(join(tmpdir(), 'ocg-bench-'));
  try {
    const file = join(dir, 'openclaw.json');
    writeFileSync(file, readFileSync(join(FIXTURES, 'typical.json5')));
    const cli = join(ROOT, 'dist', 'cli.js');
    for (let i = 0; i < 3; i++) spawnSync(process.execPath, [cli, 'check', file], { env: { PATH: process.env.PATH } });
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, [cli, 'check', file], { env: { PATH: process.env.PATH } });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const bare: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0']);
      bare.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    console.log(`openclaw-guard check on one file, whole process: median ${median(times).toFixed(0)} ms (bare \`node -e 0\`: ${median(bare).toFixed(0)} ms; target < 150 ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchBundle(): void {
  const out = mkdtempSync(join(tmpdir(), 'ocg-bundle-'));
  try {
    buildSync({
      entryPoints: [join(ROOT, 'src', 'extension.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      minify: true,
      external: ['vscode', 'bufferutil', 'utf-8-validate'],
      outfile: join(out, 'extension.js'),
      logLevel: 'silent',
    });
    const size = statSync(join(out, 'extension.js')).size;
    console.log(`extension bundle (production, minified): ${(size / 1024).toFixed(1)} KB (target < 200 KB)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

benchAnalysis();
benchFixDiff();
benchCli();
benchBundle();
