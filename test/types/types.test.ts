/**
 * Type tests: compiles the consumer files next to this one with the TypeScript compiler API under
 * strict settings, with their `'../../src'` import resolved (a) to the sources and (b) to freshly
 * emitted declarations (what `dist/types` ships, built here in memory so the test never reads a
 * stale dist/). They must compile without diagnostics, which proves that `x.interpolate(...)`
 * type-checks for consumers of '@tensorflow/tfjs' and of '@tensorflow/tfjs-core'. Their
 * `@ts-expect-error` lines and the negative programs below show that wrong calls are caught.
 */
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const SRC_INDEX = path.join(ROOT, 'src', 'index.ts');
const CONSUMERS = ['consumer_tfjs.ts', 'consumer_core.ts'].map((f) => path.join(__dirname, f));
const PACKAGE_SPECIFIER = '../../src';
/** The package's entries as the consumers import them, relative to the index file. */
const ENTRIES: Record<string, string> = {[PACKAGE_SPECIFIER]: '.', [`${PACKAGE_SPECIFIER}/layers`]: 'layers'};
/** Where the in-memory declarations pretend to live (never written to disk). */
const VIRTUAL_TYPES = path.join(ROOT, '.virtual-dist-types');

const STRICT: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  noUnusedLocals: true,
  noImplicitOverride: true,
  exactOptionalPropertyTypes: false,
  target: ts.ScriptTarget.ES2020,
  lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'],
  types: [],
  skipLibCheck: true,
};
const NODE10: ts.CompilerOptions = {
  ...STRICT, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
};
const BUNDLER: ts.CompilerOptions = {
  ...STRICT, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
};

/** Emits src/ declarations with tsconfig.build.json's settings into an in-memory map. */
function emitDeclarations(): Map<string, string> {
  const configPath = path.join(ROOT, 'tsconfig.build.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
  const options = {...parsed.options, outDir: VIRTUAL_TYPES, rootDir: path.join(ROOT, 'src'),
                   declaration: true, emitDeclarationOnly: true, noEmit: false};
  const files = new Map<string, string>();
  const program = ts.createProgram({rootNames: parsed.fileNames, options});
  const result = program.emit(undefined, (name, text) => files.set(path.resolve(name), text));
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  expect(format(diagnostics)).toEqual([]);
  expect(files.has(path.join(VIRTUAL_TYPES, 'index.d.ts'))).toBe(true);
  return files;
}

/** Parsed library files, shared by every program of this test (parsing tf.js's .d.ts is slow). */
const SOURCE_CACHE = new Map<string, ts.SourceFile>();

/** A compiler host that also serves `virtual` files and maps the package specifier to `target`. */
function makeHost(
    options: ts.CompilerOptions, target: string, virtual: Map<string, string>,
    extraFiles: Map<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const all = new Map([...virtual, ...extraFiles]);
  const dirs = new Set<string>();
  for (const file of all.keys()) {
    for (let d = path.dirname(file); d !== path.dirname(d); d = path.dirname(d)) dirs.add(d);
  }
  const {fileExists, readFile, getSourceFile, directoryExists} = host;
  host.fileExists = (f) => all.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => all.get(path.resolve(f)) ?? readFile.call(host, f);
  host.directoryExists = (d) => dirs.has(path.resolve(d)) || (directoryExists?.call(host, d) ?? false);
  host.getSourceFile = (f, languageVersion, onError, shouldCreate) => {
    const text = all.get(path.resolve(f));
    if (text != null) return ts.createSourceFile(f, text, languageVersion, true);
    const cacheable = f.includes('/node_modules/');
    const key = `${JSON.stringify(languageVersion)}:${f}`;
    const cached = cacheable ? SOURCE_CACHE.get(key) : undefined;
    if (cached != null) return cached;
    const file = getSourceFile.call(host, f, languageVersion, onError, shouldCreate);
    if (cacheable && file != null) SOURCE_CACHE.set(key, file);
    return file;
  };
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions) =>
    literals.map((literal) => {
      const entry = ENTRIES[literal.text];
      if (entry != null && path.resolve(containingFile).startsWith(__dirname)) {
        const dts = target.endsWith('.d.ts');
        const resolvedFileName = path.join(path.dirname(target), entry, dts ? 'index.d.ts' : 'index.ts');
        const extension = dts ? ts.Extension.Dts : ts.Extension.Ts;
        return {resolvedModule: {resolvedFileName, extension, isExternalLibraryImport: false}};
      }
      return ts.resolveModuleName(literal.text, containingFile, compilerOptions, host, undefined,
                                  redirected);
    });
  return host;
}

function format(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file == null || d.start == null) return `TS${d.code}: ${message}`;
    const {line, character} = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(ROOT, d.file.fileName)}:${line + 1}:${character + 1} TS${d.code}: ${message}`;
  });
}

function compile(
    rootNames: string[], options: ts.CompilerOptions, target: string,
    virtual = new Map<string, string>(), extraFiles = new Map<string, string>()): string[] {
  const host = makeHost(options, target, virtual, extraFiles);
  const program = ts.createProgram({rootNames, options, host});
  return format(ts.getPreEmitDiagnostics(program));
}

describe('types: chaining and the layer type-check for consumers', () => {
  let declarations: Map<string, string>;
  const dtsIndex = path.join(VIRTUAL_TYPES, 'index.d.ts');

  beforeAll(() => {
    declarations = emitDeclarations();
  }, 60_000);

  it('the emitted index.d.ts keeps the side-effect import that carries the augmentation', () => {
    expect(declarations.get(dtsIndex)).toContain(`import './ops/chained';`);
    expect(declarations.get(path.join(VIRTUAL_TYPES, 'ops', 'chained.d.ts')))
        .toContain(`declare module '@tensorflow/tfjs-core/dist/tensor'`);
  });

  it('consumers compile cleanly against the sources (strict, node10 resolution)', () => {
    expect(compile(CONSUMERS, NODE10, SRC_INDEX)).toEqual([]);
  }, 60_000);

  it('consumers compile cleanly against the emitted declarations (node10 and bundler)', () => {
    // Without skipLibCheck, so the emitted .d.ts files are checked too; tf.js's own .d.ts files
    // have errors under these settings (e.g. the global 'Long'), which are not ours to fix.
    const checked = compile(CONSUMERS, {...NODE10, skipLibCheck: false}, dtsIndex, declarations);
    expect(checked.filter((d) => !d.startsWith('node_modules/'))).toEqual([]);
    expect(compile(CONSUMERS, BUNDLER, dtsIndex, declarations)).toEqual([]);
  }, 60_000);

  it('a wrong chained call is a diagnostic', () => {
    const file = path.join(__dirname, 'negative_wrong_call.ts');
    const text = [
      `import * as tf from '@tensorflow/tfjs';`,
      `import '${PACKAGE_SPECIFIER}';`,
      `tf.zeros([1, 1, 4]).interpolate({size: 2, mode: 'lanczos'});`,
      `tf.zeros([1, 1, 4]).interpolate({size: 2, alignCorners: 'yes'});`,
    ].join('\n');
    const diagnostics = compile([file], NODE10, dtsIndex, declarations, new Map([[file, text]]));
    expect(diagnostics).toHaveLength(2);
    expect(diagnostics[0]).toMatch(/negative_wrong_call\.ts:3:\d+ TS2322: Type '"lanczos"' is not assignable/);
    expect(diagnostics[1]).toMatch(/negative_wrong_call\.ts:4:\d+ TS2322/);
  }, 60_000);

  it('without importing the package, tensor.interpolate does not exist', () => {
    const file = path.join(__dirname, 'negative_no_import.ts');
    const text = `import * as tf from '@tensorflow/tfjs';\ntf.zeros([1, 1, 4]).interpolate({size: 2});\n`;
    const diagnostics = compile([file], NODE10, dtsIndex, declarations, new Map([[file, text]]));
    expect(diagnostics).toEqual([
      expect.stringMatching(/TS2339: Property 'interpolate' does not exist on type 'Tensor<Rank>'/),
    ]);
  }, 60_000);
});
