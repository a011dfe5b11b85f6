// The library parsers on small real-looking exports (test/fixtures/library/): Zotero BibTeX with @string and LaTeX
// accents, JabRef BibLaTeX with CRLF, Google Scholar BibTeX with a BOM, Mendeley RIS, Zotero CSL-JSON; and quirks.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LibraryFileError } from '../errors.js';
import { detectFormat, parseLibraryFile } from './parse.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'library');
const read = (name: string) => parseLibraryFile(readFileSync(join(FIXTURES, name), 'utf8'), { file: name });

/** Each entry as `source arxivId title`, the fields an import keys and reports by. */
const summary = (name: string) =>
  read(name).entries.map((entry) => `${entry.source} ${entry.arxivId ?? '-'} ${entry.title}`);

describe('parseLibraryFile on a Zotero BibTeX export', () => {
  it('reads every entry with its arXiv id from the url, doi or note, and its line', () => {
    assert.deepEqual(summary('zotero.bib'), [
      'zotero.bib:4 1706.03762 Attention Is All You Need',
      'zotero.bib:19 1707.06347 Proximal Policy Optimization Algorithms',
      'zotero.bib:31 - Apprentissage par renforcement pour la robotique élémentaire',
    ]);
    assert.deepEqual(read('zotero.bib').problems, []);
  });

  it('turns LaTeX accents and special letters into Unicode', () => {
    const [attention, , french] = read('zotero.bib').entries;
    assert.equal(attention?.authors[6], 'Łukasz Kaiser');
    assert.deepEqual(french?.authors, ['María González', 'Jörg Müller', 'Antonín Dvořák']);
    assert.match(french.abstract, /^Nous étudions .* robots à pattes, du simulateur au robot réel\.$/);
  });

  it('joins a multi-line abstract into one line, braces removed', () => {
    assert.equal(
      read('zotero.bib').entries[0]?.abstract,
      'The dominant sequence transduction models are based on complex recurrent or convolutional neural ' +
        'networks in an encoder-decoder configuration. We propose a new simple network architecture, the ' +
        'Transformer, based solely on attention mechanisms.',
    );
  });

  it('leaves the abstract empty when the export has none', () => {
    assert.equal(read('zotero.bib').entries[1]?.abstract, '');
  });

  it('spells TeX logos as words, not small capitals, and keeps the line of the next entry', () => {
    const text =
      '@article{logos, title = {Typesetting with \\LaTeX{}, {\\LaTeX}2e, \\LaTeXe, \\TeX\\ and \\BibTeX},\n' +
      '  abstract = {\\XeLaTeX{} and \\LuaTeX.}}\n' +
      '@article{next, title = {Next}}\n';
    const { entries } = parseLibraryFile(text, { file: 'logos.bib' });
    assert.equal(entries[0]?.title, 'Typesetting with LaTeX, LaTeX2e, LaTeX2e, TeX and BibTeX');
    assert.equal(entries[0].abstract, 'XeLaTeX and LuaTeX.');
    assert.equal(entries[1]?.source, 'logos.bib:3');
  });
});

describe('parseLibraryFile on a JabRef BibLaTeX export (CRLF)', () => {
  it('reads eprint with eprinttype, old-style and versioned ids, and drops "others"', () => {
    assert.deepEqual(summary('jabref.bib'), [
      'jabref.bib:3 hep-th/9711200 The Large N Limit of Superconformal Field Theories and Supergravity',
      'jabref.bib:19 1312.5602 Playing Atari with Deep Reinforcement Learning',
      'jabref.bib:40 - An eprint that is not arXiv',
    ]);
    assert.deepEqual(read('jabref.bib').entries[1]?.authors, [
      'Volodymyr Mnih',
      'Koray Kavukcuoglu',
      'David Silver',
    ]);
    assert.match(
      read('jabref.bib').entries[0]?.abstract ?? '',
      /^We show that the large N limit .* supergravity\.$/,
    );
  });

  it('reports an entry without a title and one that is not valid BibTeX, each at its line, and reads the rest', () => {
    assert.deepEqual(
      read('jabref.bib').problems.map((problem) => [problem.where, problem.rule]),
      [
        ['jabref.bib:29', 'missing-field'],
        ['jabref.bib:35', 'malformed-entry'],
      ],
    );
    const [missing, broken] = read('jabref.bib').problems;
    assert.match(missing?.what ?? '', /^entry "NoTitle2021" skipped, it has no title/);
    assert.match(
      broken?.what ?? '',
      /^entry "Broken2020" skipped, it is not valid BibTeX: Unterminated brace/,
    );
    for (const problem of read('jabref.bib').problems) assert.doesNotMatch(problem.what, /\n/);
  });
});

describe('parseLibraryFile on an entry built to break the parser', () => {
  it('reports braces nested 60,000 deep as one short problem line, and reads the next entry', () => {
    // 60,000 keeps the entry under the 128 KiB an entry may hold (a longer one is skipped for its length).
    const deep = `@article{Deep, title={${'{'.repeat(60_000)}T${'}'.repeat(60_000)}}}`;
    const { entries, problems } = parseLibraryFile(`${deep}\n@article{Next, title={Next paper}}\n`, {
      file: 'deep.bib',
    });
    assert.deepEqual(
      entries.map((entry) => entry.title),
      ['Next paper'],
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.where, 'deep.bib:1');
    assert.equal(
      problems[0]?.what,
      'entry "Deep" skipped, it is not valid BibTeX: its braces nest too deeply',
    );
  });

  it('refuses @strings made of others over and over in one line naming the file, before expanding them', () => {
    // Each @string is three of the one before, defined after it: 2 × 3^39 characters, more than a string can hold.
    const strings = Array.from({ length: 39 }, (_, index) => {
      const used = `s${String(index)}`;
      return `@string{s${String(index + 1)} = ${used} # ${used} # ${used}}`;
    });
    const text = `${strings.join('\n')}\n@string{s0 = "ab"}\n@article{Big, title = s39}\n@article{Next, title={N}}\n`;
    assert.throws(
      () => parseLibraryFile(text, { file: 'strings.bib' }),
      (error: unknown) =>
        error instanceof LibraryFileError &&
        error.message ===
          'strings.bib:1: its @string macros stand for more than 16 M characters once expanded (@strings made of ' +
            'other @strings over and over): not a library export paperwire reads',
    );
    // An export that uses its @strings in every entry is read as before.
    const entries = Array.from(
      { length: 500 },
      (_, index) =>
        `@article{E${String(index)}, title = {Paper ${String(index)}}, journal = prl # " " # vol}`,
    );
    const used = `@string{vol = "1" # {2}}\n@string{prl = "Physical Review Letters"}\n${entries.join('\n')}\n`;
    const { entries: read, problems } = parseLibraryFile(used, { file: 'refs.bib' });
    assert.equal(read.length, 500);
    assert.deepEqual(problems, []);
  });

  it('skips an entry longer than 128 KiB as one problem at its line, and reads the entries around it', () => {
    const note = 'word '.repeat(30_000);
    const text =
      '@article{Before, title={Before}}\n\n@article{Long,\n  title={Long},\n' +
      `  note={${note}}\n}\n@comment{${'x'.repeat(200_000)}}\n@article{After, title={After}}\n`;
    const { entries, problems } = parseLibraryFile(text, { file: 'long.bib' });
    assert.deepEqual(
      entries.map((entry) => [entry.title, entry.source]),
      [
        ['Before', 'long.bib:1'],
        ['After', 'long.bib:8'],
      ],
    );
    assert.deepEqual(problems, [
      {
        where: 'long.bib:3',
        what: 'entry "Long" skipped, it is 150,043 characters long, more than any library entry (128 KiB)',
        rule: 'too-long',
      },
    ]);
  });

  it('skips a RIS or CSL-JSON entry longer than 128 KiB as one problem at its line, and reads the others', () => {
    const long = 'x'.repeat(140_000);
    const ris = `TY  - JOUR\nTI  - Short\nER  - \n\nTY  - JOUR\nTI  - Long\nAB  - ${long}\nER  - \n`;
    const csl = JSON.stringify([{ title: 'Short' }, { title: long }], null, 1);
    // Title, abstract and authors: "Long" and its abstract in RIS, the title alone in CSL-JSON.
    for (const [file, text, chars] of [
      ['long.ris', ris, '140,004'],
      ['long.json', csl, '140,000'],
    ] as const) {
      const { entries, problems } = parseLibraryFile(text, { file });
      assert.deepEqual(
        entries.map((entry) => entry.title),
        ['Short'],
        file,
      );
      assert.deepEqual(problems, [
        {
          where: `${file}:5`,
          what: `an entry skipped, it is ${chars} characters long, more than any library entry (128 KiB)`,
          rule: 'too-long',
        },
      ]);
    }
  });

  it("cuts a parser's message that quotes the rest of the file to one short line", () => {
    // The parser names an unknown @string in full: here 20,000 characters of it.
    const unknown = `@article{Long, title = "x" # ${'y'.repeat(20_000)} }\n`;
    const [problem] = parseLibraryFile(unknown, { file: 'long.bib' }).problems;
    assert.match(
      problem?.what ?? '',
      /^an entry skipped, it is not valid BibTeX: Unresolved @string reference "y+…$/,
    );
    assert.ok((problem?.what.length ?? 0) < 260, `${problem?.what.length} characters`);
  });
});

describe('parseLibraryFile on a Google Scholar BibTeX export (BOM)', () => {
  it('finds the arXiv id in the journal field, and keeps an entry without one by its title', () => {
    assert.deepEqual(summary('scholar.bib'), [
      'scholar.bib:1 2501.12948 Deepseek-r1: Incentivizing reasoning capability in llms via reinforcement learning',
      'scholar.bib:8 - Soft actor-critic: Off-policy maximum entropy deep reinforcement learning with a stochastic actor',
    ]);
  });
});

describe('parseLibraryFile on a Mendeley RIS export (BOM, CRLF)', () => {
  it('reads records with multi-line abstracts, ids from URLs and DOIs, authors as "First Last"', () => {
    assert.deepEqual(summary('mendeley.ris'), [
      'mendeley.ris:1 1707.06347 Proximal Policy Optimization Algorithms',
      'mendeley.ris:17 - Mastering the game of Go without human knowledge',
      'mendeley.ris:38 1504.00702 End-to-end training of deep visuomotor policies',
    ]);
    const [ppo] = read('mendeley.ris').entries;
    assert.match(ppo?.abstract ?? '', /alternate between sampling data .* stochastic gradient ascent\.$/);
    assert.deepEqual(ppo?.authors.slice(0, 2), ['John Schulman', 'Filip Wolski']);
  });

  it('reports a record without a title and text outside any record', () => {
    assert.deepEqual(
      read('mendeley.ris').problems.map((problem) => [problem.where, problem.rule]),
      [
        ['mendeley.ris:31', 'missing-field'],
        ['mendeley.ris:37', 'malformed-entry'],
      ],
    );
  });
});

describe('parseLibraryFile on a Zotero CSL-JSON export', () => {
  it('reads items with ids from DOI, number or URL, markup removed, literal and particle names', () => {
    assert.deepEqual(summary('zotero.json'), [
      'zotero.json:2 2005.14165 Language Models are Few-Shot Learners',
      'zotero.json:21 - Human-level control through deep reinforcement learning',
      'zotero.json:40 2303.04137 Diffusion Policy: Visuomotor Policy Learning via Action Diffusion',
    ]);
    assert.deepEqual(read('zotero.json').entries[1]?.authors, [
      'Volodymyr Mnih',
      'Koray Kavukcuoglu',
      'DeepMind',
    ]);
    assert.deepEqual(read('zotero.json').entries[2]?.authors, ['Cheng Chi', 'Herke van Hoof']);
  });

  it('reports an item without a title at its line', () => {
    assert.deepEqual(read('zotero.json').problems, [
      {
        where: 'zotero.json:35',
        what: 'item "http://zotero.org/users/1234567/items/QQ8CJ2NA" skipped, it has no title',
        rule: 'missing-field',
      },
    ]);
  });

  it('reports an item that is not valid JSON at its line and reads the others', () => {
    const parsed = parseLibraryFile('[\n  { "title": "A" },\n  { "title": }, "x",\n  { "title": "B" }\n]', {
      file: 'broken.json',
    });
    assert.deepEqual(
      parsed.entries.map((entry) => `${entry.source} ${entry.title}`),
      ['broken.json:2 A', 'broken.json:4 B'],
    );
    assert.deepEqual(
      parsed.problems.map((problem) => [problem.where, problem.rule]),
      [
        ['broken.json:3', 'malformed-entry'],
        ['broken.json:3', 'malformed-entry'],
      ],
    );
    assert.match(parsed.problems[0]?.what ?? '', /^item 2 skipped, it is not valid JSON: \S/);
    assert.equal(parsed.problems[1]?.what, 'item 3 skipped, it is not an object');
  });

  it('throws one LibraryFileError on one line when the file is not JSON at all', () => {
    assert.throws(
      () => parseLibraryFile('[\n  { "title": "A" },\n  { "title": "B"\n', { file: 'cut.json' }),
      (error: unknown) =>
        error instanceof LibraryFileError &&
        /^cut\.json: is not valid JSON: /.test(error.message) &&
        !error.message.includes('\n'),
    );
  });
});

describe('detectFormat', () => {
  const cases: [string, string, string][] = [
    ['@article{a, title={T}}', 'refs.txt', 'bibtex'],
    ['TY  - JOUR\nTI  - T\nER  - \n', 'export.txt', 'ris'],
    ['  [{"title": "T"}]', 'items', 'csl-json'],
    ['', 'empty.bib', 'bibtex'],
    ['', 'empty.ris', 'ris'],
  ];
  for (const [text, file, format] of cases) {
    it(`reads ${file} as ${format}`, () => assert.equal(detectFormat(text, file), format));
  }

  it('throws naming the file and the formats it reads when it can tell none', () => {
    assert.throws(
      () => detectFormat('hello', 'notes.txt'),
      (error: unknown) =>
        error instanceof LibraryFileError &&
        /^notes\.txt: is not a library export/.test(error.message) &&
        /BibTeX \(\.bib\), RIS \(\.ris\) or CSL JSON/.test(error.hint ?? ''),
    );
  });
});

describe('parseLibraryFile on hostile text', () => {
  const evil = 'Evil \u001b[31mRED\u001b[0m \u202etitle\u0007';
  it('keeps no escape sequence, control or bidi character in a BibTeX or CSL-JSON entry', () => {
    const bibtex = parseLibraryFile(`@article{x,\n title={${evil}},\n author={Doe, J\u202e.}\n}\n`, {
      file: 'evil.bib',
    });
    const csl = parseLibraryFile(
      JSON.stringify([{ id: 'x', type: 'article', title: evil, abstract: evil }]),
      {
        file: 'evil.json',
      },
    );
    for (const entry of [...bibtex.entries, ...csl.entries]) {
      assert.equal(entry.title, 'Evil RED title');
      assert.doesNotMatch(JSON.stringify(entry), /\\u001b|\u202e|\\u0007/);
    }
    assert.deepEqual(bibtex.entries[0]?.authors, ['J. Doe']);
    assert.equal(csl.entries[0]?.abstract, 'Evil RED title');
  });
});
