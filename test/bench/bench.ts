/**
 * `npm run bench`: the speed figures the issues ask for, measured side by side in one run.
 * Numbers are printed, never asserted: timing on a shared 2-core machine is not a pass/fail signal.
 */
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import fs, { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTree } from 'jsonc-parser';
import { analyzeConfig, type AnalyzeOptions } from '../../src/core/analyze';
import { diskReader, memoryReader } from '../../src/core/effective/sourceReader';
import { readConfigFile } from '../../src/cli/readConfigFile';
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

/**
 * A config as one file, and the same settings the way people split them: the config with three
 * `$include`s (agents, channels, gateway) and two variables in ~/.openclaw/.env and
 * ~/.config/openclaw/gateway.env instead of env.vars. Paths are under `home`.
 */
function splitConfig(typical: string, home: string): { single: string; split: string; splitFiles: Record<string, string> } {
  const section = (name: string): string => {
    const start = typical.indexOf(`\n  ${name}: {`);
    let depth = 0;
    for (let i = typical.indexOf('{', start); start >= 0 && i < typical.length; i++) {
      if (typical[i] === '{') depth++;
      else if (typical[i] === '}' && --depth === 0) return typical.slice(start + 1, i + 1);
    }
    throw new Error(`bench: no ${name} section in the config`);
  };
  const [agents, channels, gateway] = ['agents', 'channels', 'gateway'].map(section);
  const rest = [agents, channels, gateway].reduce((text, part) => text.replace(part + ',\n', ''), typical);
  const telegram = '123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ';
  const openai = 'sk-bench-0123456789abcdefABCDEF';
  const single = typical.replace(/\n}\s*$/, `\n  env: { vars: { TELEGRAM_BOT_TOKEN: '${telegram}', OPENAI_API_KEY: '${openai}' } },\n}\n`);
  const inner = (text: string): string => text.replace(/^\s*\w+: /, '');
  const dir = join(home, '.openclaw');
  return {
    single,
    split: rest.replace(/\{\n/, "{\n  $include: ['./agents.json5', './channels.json5'],\n  gateway: { $include: './gateway.json5' },\n"),
    splitFiles: {
      [join(dir, 'agents.json5')]: `// agents\n{\n  agents: ${inner(agents)},\n}\n`,
      [join(dir, 'channels.json5')]: `// channels\n{\n  channels: ${inner(channels)},\n}\n`,
      [join(dir, 'gateway.json5')]: `// gateway\n${inner(gateway).replace(/^ {2}/gm, '')}\n`,
      [join(dir, '.env')]: `# OpenClaw state .env\nTELEGRAM_BOT_TOKEN=${telegram}\n`,
      [join(home, '.config', 'openclaw', 'gateway.env')]: `OPENAI_API_KEY=${openai}\n`,
    },
  };
}

/** Both layouts of one config written under a temporary HOME each. */
interface Layouts {
  single: { home: string; config: string; text: string };
  split: { home: string; config: string; text: string; files: Record<string, string> };
}

function writeLayouts(root: string, typical: string, name: string): Layouts {
  const write = (file: string, text: string): void => {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  };
  const singleHome = join(root, `${name}-single`);
  const splitHome = join(root, `${name}-split`);
  const { single, split, splitFiles } = splitConfig(typical, splitHome);
  const layouts: Layouts = {
    single: { home: singleHome, config: join(singleHome, '.openclaw', 'openclaw.json'), text: single },
    split: { home: splitHome, config: join(splitHome, '.openclaw', 'openclaw.json'), text: split, files: splitFiles },
  };
  write(layouts.single.config, single);
  write(layouts.split.config, split);
  for (const [file, text] of Object.entries(splitFiles)) write(file, text);
  // Both must be one config: the same findings, the split one read from all six files.
  const one = analyzeConfig(single, { env: {}, configPath: layouts.single.config, reader: diskReader, home: singleHome, cwd: root });
  const six = analyzeConfig(split, { env: {}, configPath: layouts.split.config, reader: diskReader, home: splitHome, cwd: root });
  if (six.effective.assembled.sources.length !== 4 || six.effective.dotenv.length !== 2) throw new Error('bench: the split config did not assemble from 4 JSON files and 2 .env files');
  const codes = (a: typeof one): string => a.findings.map((f) => f.code).sort().join(',');
  if (codes(one) !== codes(six)) throw new Error(`bench: the layouts differ: ${codes(one)} vs ${codes(six)}`);
  return layouts;
}

type AnyFunction = (...args: unknown[]) => unknown;

/** Calls into node:fs while `fn` runs: the typing path must make none. */
function fsCallsDuring(fn: () => void): number {
  // The module object itself (a default import), so that every importer's live binding sees the counters.
  const targets: Array<[Record<string, AnyFunction>, string]> = [
    ...['statSync', 'lstatSync', 'readFileSync', 'openSync', 'readSync', 'existsSync'].map((name): [Record<string, AnyFunction>, string] => [fs as unknown as Record<string, AnyFunction>, name]),
    [fs.realpathSync as unknown as Record<string, AnyFunction>, 'native'],
  ];
  const originals = targets.map(([owner, name]) => owner[name]);
  let calls = 0;
  targets.forEach(([owner, name], i) => {
    owner[name] = (...args: unknown[]) => {
      calls++;
      return originals[i](...args);
    };
  });
  try {
    fn();
  } finally {
    targets.forEach(([owner, name], i) => (owner[name] = originals[i]));
  }
  return calls;
}

const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;
const more = (a: number, b: number): string => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)}%`;

/**
 * Issue #10: a config read from several files. (a) `check`'s work on one file vs the same settings
 * in a config, 3 `$include`s and 2 `.env` files, read from disk through the CLI's reader (budget:
 * at most 20 % more), in process and as a whole process; (b) the editor's re-analysis on a
 * keystroke with every source served from memory, which must not touch the disk.
 */
function benchSources(): void {
  const root = mkdtempSync(join(tmpdir(), 'ocg-sources-'));
  try {
    const typical = readFileSync(join(FIXTURES, 'typical.json5'), 'utf8');
    for (const [name, text] of [['typical', typical], ['grown', typicalConfig(10240)]] as const) {
      const { single, split } = writeLayouts(root, text, name);
      // What `check FILE` does per file: read it, then analyse it with what it pulls in from disk.
      const check = (layout: { config: string; home: string }): void => {
        const read = readConfigFile(layout.config);
        if (!read.ok) throw new Error(`bench: cannot read ${layout.config}`);
        analyzeConfig(read.text, { env: {}, configPath: layout.config, reader: diskReader, home: layout.home, cwd: root });
      };
      const textOnly = (): void => {
        const read = readConfigFile(single.config);
        if (read.ok) analyzeConfig(read.text, { env: {} });
      };
      for (let i = 0; i < 300; i++) {
        check(single);
        check(split);
        textOnly();
      }
      const one: number[] = [];
      const six: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < 3000; i++) {
        // Interleaved so all three see the same machine load.
        one.push(...timeEach(1, () => check(single)));
        six.push(...timeEach(1, () => check(split)));
        bare.push(...timeEach(1, textOnly));
      }
      console.log(
        `check work on a ${(single.text.length / 1024).toFixed(1)} KB config, one file vs config + 3 $include + 2 .env from disk: median ${us(median(one))} vs ${us(median(six))} -> ${more(median(one), median(six))} (budget +20%); one file without looking for other sources: ${us(median(bare))}`,
      );
    }

    // The same as whole processes: node, the bundled engine, one read and analysis, as `openclaw-guard check FILE` runs.
    const { single, split } = writeLayouts(root, typical, 'process');
    const entry = join(root, 'check-entry.js');
    buildSync({
      stdin: {
        contents: [
          "import { readConfigFile } from './src/cli/readConfigFile';",
          "import { analyzeConfig } from './src/core/analyze';",
          "import { diskReader } from './src/core/effective/sourceReader';",
          'const [config, home] = process.argv.slice(2);',
          'const start = process.hrtime.bigint();',
          'const read = readConfigFile(config);',
          "if (!read.ok) throw new Error('unreadable');",
          'analyzeConfig(read.text, { env: {}, configPath: config, reader: diskReader, home, cwd: process.cwd() });',
          'process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));',
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['bufferutil', 'utf-8-validate'],
      outfile: entry,
      logLevel: 'silent',
    });
    /** Runs one check process; gives the time of its one (cold) read and analysis, in ms. */
    const run = (layout: { config: string; home: string }): number => {
      const result = spawnSync(process.execPath, [entry, layout.config, layout.home], { cwd: root, env: { PATH: process.env.PATH } });
      if (result.status !== 0) throw new Error(`bench: the check process failed: ${result.stderr.toString()}`);
      return Number(result.stdout.toString());
    };
    for (let i = 0; i < 3; i++) {
      run(single);
      run(split);
    }
    const oneProcess: number[] = [];
    const sixProcess: number[] = [];
    const oneCold: number[] = [];
    const sixCold: number[] = [];
    for (let i = 0; i < 40; i++) {
      oneProcess.push(...timeEach(1, () => oneCold.push(run(single))));
      sixProcess.push(...timeEach(1, () => sixCold.push(run(split))));
    }
    // A spawn on a busy machine varies by more than the work compared: the median of paired differences is what the six files add.
    const added = median(sixProcess.map((t, i) => t - oneProcess[i]));
    console.log(
      `check as a whole process (bundled engine, disk reader), one file vs 6 files: median ${median(oneProcess).toFixed(1)} ms vs ${median(sixProcess).toFixed(1)} ms; median paired difference ${added >= 0 ? '+' : ''}${added.toFixed(1)} ms -> ${more(median(oneProcess), median(oneProcess) + added)} (budget +20%); its one cold read and analysis: ${median(oneCold).toFixed(2)} ms vs ${median(sixCold).toFixed(2)} ms -> ${more(median(oneCold), median(sixCold))}`,
    );

    // The editor hands the engine its cache (open documents, files read ahead), so typing reads nothing.
    const singleOptions: AnalyzeOptions = { env: {}, configPath: single.config, reader: memoryReader({}), home: single.home, cwd: root };
    const splitOptions: AnalyzeOptions = { env: {}, configPath: split.config, reader: memoryReader(split.files), home: split.home, cwd: root };
    const diskCalls = fsCallsDuring(() => analyzeConfig(split.text, { ...splitOptions, reader: diskReader }));
    const memoryCalls = fsCallsDuring(() => {
      analyzeConfig(split.text, splitOptions);
      analyzeConfig(single.text, singleOptions);
    });
    if (memoryCalls !== 0) throw new Error(`bench: the typing path touched the disk ${memoryCalls} times`);
    if (analyzeConfig(split.text, splitOptions).effective.assembled.sources.length !== 4) throw new Error('bench: the memory reader did not serve the includes');
    for (let i = 0; i < 300; i++) {
      analyzeConfig(single.text, singleOptions);
      analyzeConfig(split.text, splitOptions);
    }
    const keystrokeOne: number[] = [];
    const keystrokeSix: number[] = [];
    for (let i = 0; i < 3000; i++) {
      keystrokeOne.push(...timeEach(1, () => analyzeConfig(single.text, singleOptions)));
      keystrokeSix.push(...timeEach(1, () => analyzeConfig(split.text, splitOptions)));
    }
    console.log(
      `re-analysis on a keystroke, every source from memory: one file median ${us(median(keystrokeOne))} vs 6 files ${us(median(keystrokeSix))} -> ${more(median(keystrokeOne), median(keystrokeSix))}; node:fs calls per analysis: ${memoryCalls} from memory (${diskCalls} with the disk reader)`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
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
benchSources();
benchFixDiff();
benchCli();
benchBundle();
