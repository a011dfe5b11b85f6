// Reads every import under src/ and fails on an edge the architecture forbids (docs/architecture.md).

import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';

const SRC = 'src';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** `src/a/b.ts` imports (static and `import('…')`) → paths relative to src/, `.js` turned back into `.ts`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ].map((m) => m[1] ?? '');
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(SRC, normalize(join(dirname(file), specifier))).replace(/\.js$/, '.ts'));
}

/** Which modules each area may import (besides its own folder). Paths are relative to src/. */
const ALLOWED: { area: RegExp; may: RegExp[] }[] = [
  { area: /^(model|errors|taxonomy|files)\.ts$/, may: [] },
  { area: /^time-zones\.ts$/, may: [/^model\.ts$/] },
  { area: /^http\.ts$/, may: [/^(errors|http-wire)\.ts$/] },
  { area: /^http-wire\.ts$/, may: [/^errors\.ts$/] },
  { area: /^rating-links\.ts$/, may: [/^(model|errors|files)\.ts$/] },
  { area: /^config(\.ts$|\/)/, may: [/^(model|errors|taxonomy|files)\.ts$/, /^config\//] },
  { area: /^sources\//, may: [/^(model|errors|http|taxonomy|time-zones)\.ts$/, /^sources\//] },
  { area: /^library\//, may: [/^(model|errors)\.ts$/, /^library\//] },
  {
    area: /^store\//,
    may: [
      /^(model|errors|files)\.ts$/,
      /^store\//,
      /^enrich\/translator\.ts$/,
      /^select\/(query-parse|fold)\.ts$/,
    ],
  },
  { area: /^(select|rank)\//, may: [/^(model|errors|taxonomy|time-zones)\.ts$/, /^(select|rank)\//] },
  { area: /^relevance\//, may: [/^(model|errors)\.ts$/, /^relevance\//] },
  { area: /^enrich\//, may: [/^(model|errors|http)\.ts$/, /^enrich\//] },
  { area: /^render\//, may: [/^(model|errors|taxonomy|time-zones)\.ts$/, /^render\//] },
  { area: /^deliver\//, may: [/^(model|errors|http|files)\.ts$/, /^deliver\//] },
  {
    area: /^publish\.ts$/,
    may: [/^(model|errors)\.ts$/, /^store\/store\.ts$/, /^pipeline\/unseen\.ts$/, /^render\//, /^deliver\//],
  },
  {
    area: /^pipeline\//,
    may: [
      /^(model|errors|taxonomy)\.ts$/,
      /^sources\/source\.ts$/,
      /^store\/store\.ts$/,
      /^enrich\/(translator|translate|verify)\.ts$/,
      /^enrich\/glossary\//,
      /^(select|rank|relevance)\//,
      /^library\//,
    ],
  },
];

/**
 * Composition roots: nothing imports them, except the CLI (`cli.ts` and its commands in `cli/`) starting the
 * commands, the demo, the scheduler, the server, and what the server's read model writes without serving: the
 * static site and a query's feed.
 */
const ROOTS = /^(cli|demo|schedule)\.ts$|^(cli|server)\//;
const CLI = /^cli\.ts$|^cli\//;
const STARTED_BY_CLI = /^(demo|schedule)\.ts$|^server\/(index|query-feed|site\/index)\.ts$|^cli\//;

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('finds the source files', () => {
    assert.ok(files.length > 10);
  });

  for (const file of files) {
    const module = relative(SRC, file);
    it(`${module} imports only what its layer may`, () => {
      const rule = ALLOWED.find((candidate) => candidate.area.test(module));
      for (const target of importsOf(file)) {
        const isWithinServer = module.startsWith('server/') && target.startsWith('server/');
        if (ROOTS.test(target) && !isWithinServer) {
          const isStartedByCli = CLI.test(module) && STARTED_BY_CLI.test(target);
          assert.ok(isStartedByCli, `${module} imports the composition root ${target}`);
          continue;
        }
        if (!rule) continue;
        const sameArea = target.split('/')[0] === module.split('/')[0] && module.includes('/');
        assert.ok(
          sameArea || rule.may.some((pattern) => pattern.test(target)),
          `${module} must not import ${target}`,
        );
      }
    });
  }
});

/**
 * Inside render/: the shared pieces at its root (common, labels, marks) serve both sides and import neither, and the
 * text styles never reach for HTML. html/ may use text/ (an e-mail's text part is the classic digest).
 */
const RENDER_LAYERS: { area: RegExp; mayNot: RegExp }[] = [
  { area: /^render\/[^/]+\.ts$/, mayNot: /^render\/(text|html)\// },
  { area: /^render\/text\//, mayNot: /^render\/html\// },
];

describe('render layers', () => {
  for (const file of sourceFiles(join(SRC, 'render'))) {
    const module = relative(SRC, file);
    const layer = RENDER_LAYERS.find((candidate) => candidate.area.test(module));
    if (!layer) continue;
    it(`${module} stays on its side of render/`, () => {
      for (const target of importsOf(file)) {
        assert.doesNotMatch(target, layer.mayNot, `${module} must not import ${target}`);
      }
    });
  }
});

/** The page renderers, the e-mail and the server: HTML only through hono's html template (docs/web.md, Escaping). */
const PAGE_FILES = /^render\/html\/(layout|digest|paper|search|trend|facts|error|email)\.ts$|^server\//;
/** Where `raw()` may mark HTML made elsewhere: the inline assets, and renderRichText's MathML and <mark>. */
const RAW_ALLOWED = /^render\/html\/(markup|layout|paper)\.ts$/;

describe('escaping', () => {
  for (const file of sourceFiles(SRC)) {
    const module = relative(SRC, file);
    const text = readFileSync(file, 'utf8');
    if (PAGE_FILES.test(module)) {
      it(`${module} escapes by the template, never by hand`, () => {
        assert.doesNotMatch(text, /\bescapeHtml\(/, `${module} calls escapeHtml`);
      });
    }
    if (!RAW_ALLOWED.test(module)) {
      it(`${module} marks no text as trusted HTML`, () => {
        assert.doesNotMatch(text, /\braw\(/, `${module} calls raw()`);
      });
    }
  }
});
