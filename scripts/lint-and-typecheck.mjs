// ESLint with types and the type check (`tsc --noEmit`) on one TypeScript program, for `npm test`'s checks
// (scripts/check.mjs): typescript-eslint's typed rules ask the same checker tsc fills, so building and checking the
// program once saves about a third of the CPU of running them apart. The check is incremental, as `tsc
// --incremental`: a file unchanged since the last run, with nothing it depends on changed, keeps its verdict from
// .cache/lint-and-typecheck.tsbuildinfo. Prints tsc's diagnostics, then ESLint's report; exits 1 when either finds
// an error. `npm run lint` and `npm run typecheck` still run each alone.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');
const isColored = process.env.FORCE_COLOR === '1';

/** Where the incremental check keeps each file's verdict between runs (git-ignored, as all of .cache/). */
const BUILD_INFO = join(ROOT, '.cache', 'lint-and-typecheck.tsbuildinfo');

/**
 * The program tsconfig.json describes, with its diagnostics (those of reading the file itself first), the
 * semantic ones of unchanged files taken from BUILD_INFO, which is then written for the next run.
 */
function createProgramOfTsconfig() {
  const configPath = join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error !== undefined) return { program: null, diagnostics: [error] };
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
  return { program: builder.getProgram(), diagnostics };
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

/** Lints every file as `eslint .` does, the TypeScript files against `program`; returns the error count. */
async function lintWith(program) {
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
  const results = await eslint.lintFiles(['.']);
  const formatter = await eslint.loadFormatter('stylish');
  const report = await formatter.format(results);
  if (report.length > 0) process.stdout.write(`eslint:${report}\n`);
  return results.reduce((count, result) => count + result.errorCount, 0);
}

const { program, diagnostics } = createProgramOfTsconfig();
const typeErrorCount = reportDiagnostics(diagnostics);
const lintErrorCount = await lintWith(program);
process.exitCode = typeErrorCount > 0 || lintErrorCount > 0 ? 1 : 0;
