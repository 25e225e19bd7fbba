import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUNDLED_KEY_TREE_JSON, BUNDLED_SCHEMA_VERSION } from './bundledKeyTree.generated';
import { guardStateDir } from '../fingerprintKey';
import type { Environment } from '../secretValues';
import { keyTreeFromJsonSchema, parseSchemaKeyTree, type SchemaKeyTree } from './keyTree';

let bundled: SchemaKeyTree | undefined;

/** The key tree of the release this build bundles, parsed on first use. */
export function bundledKeyTree(): SchemaKeyTree {
  bundled ??= parseSchemaKeyTree(BUNDLED_KEY_TREE_JSON) ?? { version: BUNDLED_SCHEMA_VERSION, root: { o: 1 } };
  return bundled;
}

export interface ConfigSchemaRun {
  /** The `openclaw` package directory (holds package.json and openclaw.mjs). */
  packageDir: string;
  /** The node that runs it: the one its `openclaw` bin would use (`node` on PATH when not given). */
  nodePath?: string;
  timeoutMs: number;
  /** An empty HOME for the run, so it never reads or migrates the user's config and state. */
  home: string;
}

/** Output cap: the 2026.9.6 schema is 2.4 MB; anything far larger is not a schema. */
const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs `openclaw config schema` of an installed package in an empty home and returns the parsed
 * JSON Schema. Asynchronous and time-limited: it takes seconds and must never block typing.
 */
export function runConfigSchema(run: ConfigSchemaRun): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: run.home,
      OPENCLAW_STATE_DIR: join(run.home, 'state'),
      OPENCLAW_CONFIG_PATH: join(run.home, 'openclaw.json'),
      OPENCLAW_OFFLINE: '1',
      OPENCLAW_NO_AUTO_UPDATE: '1',
      NO_COLOR: '1',
    };
    const child = spawn(run.nodePath ?? 'node', [join(run.packageDir, 'openclaw.mjs'), 'config', 'schema'], { env, cwd: run.home, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `timed out after ${run.timeoutMs} ms`;
      child.kill('SIGKILL');
    }, run.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) {
        failure = 'output too large';
        child.kill('SIGKILL');
      } else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) return reject(new Error(failure));
      if (code !== 0) return reject(new Error(`exit code ${code}: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new Error('the output is not JSON'));
      }
    });
  });
}

/** The version in an installed package's package.json, read without running anything. */
export function packageVersion(packageDir: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return parsed.name === 'openclaw' && typeof parsed.version === 'string' ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}

/** What the caller knows of the OpenClaw in use (the version resolver's result). */
export interface OpenClawInUse {
  version?: string;
  /** The installed `openclaw` package directory, when one is known. */
  packageDir?: string;
}

/**
 * The schema to judge a config by follows the release the findings describe. Only an install of
 * that same release can tell its schema: the CLI on PATH of another release (a gateway service not
 * restarted after an update) would describe the wrong one, so its directory is passed only when
 * the versions agree.
 */
export function schemaTarget(release: { version?: string }, installed: { version: string; path: string } | undefined): OpenClawInUse {
  if (!release.version) return {};
  return installed?.version === release.version ? { version: release.version, packageDir: dirname(installed.path) } : { version: release.version };
}

export type SchemaState = 'ready' | 'generating' | 'failed' | 'unavailable';

/** The key tree to judge a config by, and where it came from. */
export interface ActiveSchema {
  /** The release the tree describes (known without parsing the bundled tree). */
  version: string;
  tree: SchemaKeyTree;
  /** 'bundled': the release this build ships; 'install': generated from an installed OpenClaw. */
  origin: 'bundled' | 'install';
  /** The package directory the tree was generated from. */
  from?: string;
  /** The version in use when it differs from the tree's: its own tree is being made, failed, or cannot be made (no install known). */
  wanted?: { version: string; state: Exclude<SchemaState, 'ready'>; error?: string };
}

export interface SchemaStoreOptions {
  /** Where generated trees are cached (guardStateDir: the editor's global storage or the CLI's state dir). */
  cacheDir: string;
  nodePath?: string;
  timeoutMs?: number;
  /** Told when a generated tree became ready (or generation failed), so findings can be redone. */
  onDidChange?: () => void;
  /** Tests bring their own runner. */
  run?: (run: ConfigSchemaRun) => Promise<unknown>;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Where generated key trees are cached: beside fingerprint.key, shared by the editor and the CLI. */
export function schemaCacheDir(env: Environment): string {
  return join(guardStateDir(env), 'schemas');
}

/** The bundled tree, parsed only when read: the status item needs only its version, at activation. */
function bundledSchema(wanted?: ActiveSchema['wanted']): ActiveSchema {
  return {
    version: BUNDLED_SCHEMA_VERSION,
    get tree() {
      return bundledKeyTree();
    },
    origin: 'bundled',
    ...(wanted ? { wanted } : {}),
  };
}

function cacheFile(cacheDir: string, version: string): string {
  return join(cacheDir, `openclaw-${version.replace(/[^0-9A-Za-z.+-]/g, '_')}.keys.json`);
}

/**
 * The key tree of the OpenClaw in use: the bundled one when versions match or nothing better is
 * ready; otherwise one generated from that install in the background, cached per version on disk.
 * `schemaFor` never spawns on the caller's path: it answers at once and generates afterwards.
 */
export class SchemaStore {
  private readonly trees = new Map<string, { tree: SchemaKeyTree; from?: string }>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, string>();
  private readonly versions = new Map<string, string | undefined>();
  private readonly cacheChecked = new Set<string>();

  constructor(private readonly options: SchemaStoreOptions) {}

  schemaFor(inUse: OpenClawInUse | undefined): ActiveSchema {
    const version = this.versionOf(inUse);
    if (!version || version === BUNDLED_SCHEMA_VERSION) return bundledSchema();
    const known = this.trees.get(version) ?? this.fromCache(version);
    if (known) return { version, tree: known.tree, origin: 'install', from: known.from };
    const failed = this.failures.get(version);
    if (failed !== undefined) return bundledSchema({ version, state: 'failed', error: failed });
    if (!inUse?.packageDir) return bundledSchema({ version, state: 'unavailable' });
    void this.generate(version, inUse.packageDir);
    return bundledSchema({ version, state: 'generating' });
  }

  /**
   * Reads installs' package.json and failed runs afresh: the resolver saw a change (an update in
   * place keeps the package directory and changes its version).
   */
  refresh(): void {
    this.versions.clear();
    this.failures.clear();
    this.cacheChecked.clear();
  }

  /** Like `schemaFor`, but waits for a tree being generated (the CLI, tests). */
  async ready(inUse: OpenClawInUse | undefined): Promise<ActiveSchema> {
    const first = this.schemaFor(inUse);
    const version = this.versionOf(inUse);
    const running = version ? this.pending.get(version) : undefined;
    if (!running) return first;
    await running;
    return this.schemaFor(inUse);
  }

  private versionOf(inUse: OpenClawInUse | undefined): string | undefined {
    if (inUse?.packageDir) {
      if (!this.versions.has(inUse.packageDir)) this.versions.set(inUse.packageDir, packageVersion(inUse.packageDir));
      const installed = this.versions.get(inUse.packageDir);
      if (installed) return installed;
    }
    return inUse?.version;
  }

  private fromCache(version: string): { tree: SchemaKeyTree; from?: string } | undefined {
    if (this.cacheChecked.has(version)) return undefined;
    this.cacheChecked.add(version);
    let text: string;
    try {
      text = readFileSync(cacheFile(this.options.cacheDir, version), 'utf8');
    } catch {
      return undefined;
    }
    const parsed = parseSchemaKeyTree(text);
    const from = (() => {
      try {
        const meta = JSON.parse(text) as { from?: unknown };
        return typeof meta.from === 'string' ? meta.from : undefined;
      } catch {
        return undefined;
      }
    })();
    if (parsed?.version !== version) return undefined;
    const entry = { tree: parsed, from };
    this.trees.set(version, entry);
    return entry;
  }

  private generate(version: string, packageDir: string): Promise<void> {
    const running = this.pending.get(version);
    if (running) return running;
    const work = (async () => {
      const home = mkdtempSync(join(tmpdir(), 'openclaw-guard-schema-'));
      try {
        const schema = await (this.options.run ?? runConfigSchema)({ packageDir, nodePath: this.options.nodePath, timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, home });
        const tree: SchemaKeyTree = { version, root: keyTreeFromJsonSchema(schema) };
        this.trees.set(version, { tree, from: packageDir });
        this.writeCache(version, JSON.stringify({ version, from: packageDir, root: tree.root }));
      } catch (error) {
        this.failures.set(version, error instanceof Error ? error.message : String(error));
      } finally {
        rmSync(home, { recursive: true, force: true });
        this.pending.delete(version);
      }
      this.options.onDidChange?.();
    })();
    this.pending.set(version, work);
    return work;
  }

  /** Temp file and rename: another window reading the cache never sees half a file. */
  private writeCache(version: string, text: string): void {
    try {
      mkdirSync(this.options.cacheDir, { recursive: true, mode: 0o700 });
      const target = cacheFile(this.options.cacheDir, version);
      const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
      renameSync(temp, target);
    } catch {
      // A read-only state dir: the tree still serves this process.
    }
  }
}
