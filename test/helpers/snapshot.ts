// Generated arXiv metadata snapshots for the import's tests and bench/import.ts: N records made from the 200 real
// sample lines, the words of each title and abstract shuffled, new ids in order over the years, varied categories,
// authors and versions, written as arXiv writes the file (compact JSON, non-ASCII as \u escapes, wrapped text).

import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seeded } from './seeded.js';

const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'real', 'arxiv-snapshot', 'sample.jsonl');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** Primary categories, weighted roughly as arXiv's recent years (cs and math most). */
const CATEGORIES = [
  ...Array<string>(6).fill('cs.LG'),
  ...Array<string>(3).fill('cs.CV'),
  ...Array<string>(3).fill('cs.CL'),
  'cs.AI',
  'cs.RO',
  'cs.CR',
  'stat.ML',
  'math.OC',
  'math.CO',
  'math.AP',
  'math.PR',
  'hep-th',
  'hep-ph',
  'quant-ph',
  'quant-ph',
  'cond-mat.mtrl-sci',
  'cond-mat.stat-mech',
  'astro-ph.GA',
  'astro-ph.CO',
  'gr-qc',
  'physics.optics',
  'eess.SP',
  'q-bio.NC',
  'econ.EM',
];

interface SampleRecord {
  title: string;
  abstract: string;
  authors: string;
  authors_parsed: string[][];
  comments: string | null;
  'journal-ref': string | null;
  doi: string | null;
  'report-no': string | null;
  license: string | null;
  submitter: string;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Words joined into lines of at most 80 characters, as arXiv wraps abstracts. */
function wrapped(words: readonly string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + word.length + 1 > 80) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

/** `Mon, 2 Apr 2007 19:18:42 GMT` */
function createdOf(at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${DAYS[at.getUTCDay()] ?? ''}, ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()] ?? ''} ${at.getUTCFullYear()} ` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} GMT`
  );
}

/** JSON as Python's json.dumps(separators=(',', ':')) writes it: every non-ASCII character as a \u escape. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Makes the lines of a snapshot of `records` papers, in id order, from 2007 to 2025. */
function* generateSnapshotLines(records: number, seed = 1): Generator<string> {
  const samples = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SampleRecord);
  const random = seeded(seed);
  const months = (2025 - 2007 + 1) * 12;
  const perMonth = Math.ceil(records / months);
  for (let index = 0; index < records; index += 1) {
    const month = Math.floor(index / perMonth);
    const year = 2007 + Math.floor(month / 12);
    const id = `${String(year % 100).padStart(2, '0')}${String((month % 12) + 1).padStart(2, '0')}.${String((index % perMonth) + 1).padStart(5, '0')}`;
    const base = samples[Math.floor(random() * samples.length)] ?? samples[0];
    const other = samples[Math.floor(random() * samples.length)] ?? samples[0];
    if (base === undefined || other === undefined) throw new Error('the sample is empty');
    const primary = CATEGORIES[Math.floor(random() * CATEGORIES.length)] ?? 'cs.LG';
    const cross = random() < 0.4 ? [CATEGORIES[Math.floor(random() * CATEGORIES.length)] ?? primary] : [];
    const submitted = new Date(
      Date.UTC(year, month % 12, 1 + Math.floor(random() * 27), Math.floor(random() * 24)),
    );
    const versionCount = 1 + Math.floor(random() ** 2 * 5);
    const versions = Array.from({ length: versionCount }, (_, v) => ({
      version: `v${v + 1}`,
      created: createdOf(
        new Date(submitted.getTime() + v * 40 * 86_400_000 + Math.floor(random() * 86_400_000)),
      ),
    }));
    const authorsParsed = shuffled([...base.authors_parsed, ...other.authors_parsed], random).slice(
      0,
      1 + Math.floor(random() * 6),
    );
    const titleWords = shuffled(
      base.title.split(/\s+/).filter((word) => word !== ''),
      random,
    );
    const abstractWords = shuffled(
      base.abstract.split(/\s+/).filter((word) => word !== ''),
      random,
    );
    yield asciiJson({
      id,
      submitter: base.submitter,
      authors: authorsParsed.map(([last, first]) => `${first ?? ''} ${last ?? ''}`.trim()).join(', '),
      title: wrapped(titleWords).replace(/\n/g, '\n  '),
      comments: base.comments,
      'journal-ref': base['journal-ref'],
      doi: base.doi,
      'report-no': base['report-no'],
      categories: [...new Set([primary, ...cross])].join(' '),
      license: base.license,
      abstract: `  ${wrapped(abstractWords)}\n`,
      versions,
      update_date: new Date(submitted.getTime() + (versionCount - 1) * 40 * 86_400_000)
        .toISOString()
        .slice(0, 10),
      authors_parsed: authorsParsed,
    });
  }
}

/** Writes a generated snapshot of `records` papers to `path` (JSON Lines, LF, final newline); resolves its bytes. */
export async function writeSnapshot(path: string, records: number, seed = 1): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (const line of generateSnapshotLines(records, seed)) {
    bytes += Buffer.byteLength(line) + 1;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}
