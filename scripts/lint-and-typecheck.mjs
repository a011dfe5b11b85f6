// ESLint with types and the type check (`tsc --noEmit`) on one TypeScript program, for `npm test`'s checks
// (scripts/check.mjs): typescript-eslint's typed rules ask the same checker tsc fills, so building and checking the
// program once saves about a third of the CPU of running them apart. Both are incremental: tsc keeps each file's
// verdict in .cache/lint-and-typecheck.tsbuildinfo (as `tsc --incremental`), and ESLint's report of a file is kept in
// .cache/lint-results.json and used again while the lint setup, the file and, for a TypeScript file, every file it
// imports, directly or not (where its types come from), are unchanged. Prints tsc's diagnostics, then ESLint's report; exits 1 when either
// finds an error. `npm run lint` and `npm run typecheck` still run each alone.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');
const isColored = process.env.FORCE_COLOR === '1';

/** Where the incremental check keeps each file's verdict between runs (git-ignored, as all of .cache/). */
const BUILD_INFO = join(ROOT, '.cache', 'lint-and-typecheck.tsbuildinfo');
/** ESLint's report of each file at the last run, with what it was made from (see lintSetupKey). */
const LINT_RESULTS = join(ROOT, '.cache', 'lint-results.json');
/** The files ESLint may lint: those its configs name by extension (eslint.config.js, and ESLint's own defaults). */
const LINTED_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts']);

function hashOf(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The program tsconfig.json describes, with its diagnostics (those of reading the file itself first), the semantic
 * ones of files tsc need not check again taken from BUILD_INFO, which is then written for the next run; and a
 * function giving the files a file of the program imports, directly or not, itself included.
 */
function createProgramOfTsconfig() {
  const configPath = join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error !== undefined) return { program: null, diagnostics: [error], importsOf: () => [] };
  const parsed = ts.parseJsonConfigFileContent(
    config,
    ts.sys,
    ROOT,
    { noEmit: true, incremental: true, tsBuildInfoFile: BUILD_INFO },
    configPath,
  );
  const builder = ts.createIncrementalProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences,
    configFileParsingDiagnostics: parsed.errors,
  });
  const program = builder.getProgram();
  // What ts.getPreEmitDiagnostics gives, through the builder, which answers for unchanged files from BUILD_INFO.
  const diagnostics = [
    ...builder.getConfigFileParsingDiagnostics(),
    ...builder.getOptionsDiagnostics(),
    ...builder.getGlobalDiagnostics(),
    ...builder.getSyntacticDiagnostics(),
    ...builder.getSemanticDiagnostics(),
  ];
  // With noEmit, emitting writes only BUILD_INFO.
  builder.emit();
  const importsOf = (file) => {
    const sourceFile = program.getSourceFile(file);
    return sourceFile === undefined ? [file] : builder.getAllDependencies(sourceFile);
  };
  return { program, diagnostics, importsOf };
}

/** Prints the diagnostics as tsc does; returns how many are errors. */
function reportDiagnostics(diagnostics) {
  const host = {
    getCanonicalFileName: (fileName) => fileName,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  };
  if (diagnostics.length > 0) {
    const format = isColored ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
    process.stdout.write(`tsc:\n${format(diagnostics, host)}\n`);
  }
  return diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error).length;
}

/**
 * What every kept report depends on besides its own file: the lint config, tsconfig.json, the installed packages
 * (ESLint, its plugins, TypeScript) and this script.
 */
function lintSetupKey() {
  const hash = createHash('sha256');
  for (const file of [
    'eslint.config.js',
    'tsconfig.json',
    'package-lock.json',
    'scripts/lint-and-typecheck.mjs',
  ])
    hash.update(existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file)) : `no ${file}`).update('\0');
  return hash.digest('hex');
}

/**
 * The files `eslint .` lints, as absolute paths: git's tracked and untracked files not ignored, of the extensions
 * ESLint reads, less those ESLint ignores or no config of it names. Null where git cannot list them.
 */
async function listLintedFiles(eslint) {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) return null;
  const files = [];
  for (const file of new Set(listed.stdout.split('\0'))) {
    const path = join(ROOT, file);
    if (!LINTED_EXTENSIONS.has(extname(file)) || !existsSync(path)) continue;
    if (!(await eslint.isPathIgnored(path))) files.push(path);
  }
  return files;
}

/**
 * The last run's reports by file and the content hash of each file of the repository it read, when made with
 * `setupKey`; none otherwise.
 */
function readKeptReports(setupKey) {
  const none = { reports: new Map(), hashes: new Map() };
  try {
    const kept = JSON.parse(readFileSync(LINT_RESULTS, 'utf8'));
    if (kept.setupKey !== setupKey) return none;
    return { reports: new Map(Object.entries(kept.reports)), hashes: new Map(Object.entries(kept.hashes)) };
  } catch (error) {
    if (error.code !== 'ENOENT')
      process.stderr.write(`lint-and-typecheck: ${LINT_RESULTS} not used: ${error.message}\n`);
    return none;
  }
}

/**
 * Lints every file as `eslint .` does, the TypeScript files against `program`, except a file whose kept report is
 * still true: same setup, and none of the file and the files it imports (`importsOf`) changed since. Prints the
 * report, keeps it for the next run, and returns the error count.
 */
async function lintWith(program, importsOf) {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig:
      program === null
        ? []
        : [
            {
              files: ['**/*.ts'],
              languageOptions: { parserOptions: { programs: [program], projectService: false } },
            },
          ],
  });
  const setupKey = lintSetupKey();
  const files = program === null ? null : await listLintedFiles(eslint);
  const kept = readKeptReports(setupKey);
  // The repository's files the linted ones read (node_modules is in the setup key, through package-lock.json). A
  // file of the program is linted as the program read it: its text there is hashed, not the file's text now.
  const hashes = new Map();
  const hashOfFile = (file) => {
    if (!hashes.has(file)) hashes.set(file, hashOf(program?.getSourceFile(file)?.text ?? readFileSync(file)));
    return hashes.get(file);
  };
  const isInRepository = (file) => file.startsWith(`${ROOT}/`) && !file.includes('/node_modules/');
  const reused = [];
  const toLint = [];
  for (const file of files ?? []) {
    const report = kept.reports.get(file);
    const read = importsOf(file).filter(isInRepository);
    const isUnchanged = [file, ...read].every((path) => hashOfFile(path) === kept.hashes.get(path));
    if (report !== undefined && isUnchanged) reused.push(report);
    else toLint.push(file);
  }
  const linted =
    files === null
      ? await eslint.lintFiles(['.'])
      : toLint.length === 0
        ? []
        : await eslint.lintFiles(toLint);
  const results = [...reused, ...linted].sort((a, b) => a.filePath.localeCompare(b.filePath));
  if (files !== null) {
    mkdirSync(dirname(LINT_RESULTS), { recursive: true });
    const reports = Object.fromEntries(results.map((result) => [result.filePath, result]));
    writeFileSync(LINT_RESULTS, JSON.stringify({ setupKey, hashes: Object.fromEntries(hashes), reports }));
  }
  const formatter = await eslint.loadFormatter('stylish');
  const report = await formatter.format(results);
  if (report.length > 0) process.stdout.write(`eslint:${report}\n`);
  return results.reduce((count, result) => count + result.errorCount, 0);
}

const { program, diagnostics, importsOf } = createProgramOfTsconfig();
const typeErrorCount = reportDiagnostics(diagnostics);
const lintErrorCount = await lintWith(program, importsOf);
process.exitCode = typeErrorCount > 0 || lintErrorCount > 0 ? 1 : 0;
