// What the translate stage has to do: the distinct texts of a listing (title, abstract, TL;DR source), each with
// the paper fields it fills, grouped by the first paper needing them, the unit budgets count and the pool runs.

import { createHash } from 'node:crypto';
import { normalizeSpace, type Paper } from '../model.js';
import { tldrSource } from './prompt.js';
import type { TextKind } from './translator.js';

/** One distinct text to translate and the paper fields waiting for it. */
export interface TextJob {
  text: string;
  sourceHash: string;
  kind: TextKind;
  fields: { arxivId: string; kind: TextKind }[];
}

/** The texts one paper is the first to need; the unit budgets count and the pool runs. */
export interface PaperUnit {
  arxivId: string;
  jobs: TextJob[];
}

/** The hex sha256 of a text, the key translations are cached under (with language and model). */
export function hashSourceText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Distinct non-empty texts, in paper order (title, abstract, TL;DR per paper), each with the fields it fills. */
export function collectJobs(papers: Paper[], withTldr: boolean): TextJob[] {
  const byKey = new Map<string, TextJob>();
  const add = (arxivId: string, kind: TextKind, text: string): void => {
    if (text === '') return;
    const sourceHash = hashSourceText(text);
    // Titles and abstracts share translations of equal text; a summary is another thing.
    const key = kind === 'tldr' ? `tldr:${sourceHash}` : sourceHash;
    const job = byKey.get(key);
    if (job) job.fields.push({ arxivId, kind });
    else byKey.set(key, { text, sourceHash, kind, fields: [{ arxivId, kind }] });
  };
  for (const paper of papers) {
    const title = normalizeSpace(paper.title);
    const abstract = normalizeSpace(paper.abstract);
    add(paper.arxivId, 'title', title);
    add(paper.arxivId, 'abstract', abstract);
    if (withTldr && abstract !== '') add(paper.arxivId, 'tldr', tldrSource(title, abstract));
  }
  return [...byKey.values()];
}

/** Each job belongs to the first paper that needs it; papers in their order. */
export function unitsOf(papers: Paper[], jobs: TextJob[]): PaperUnit[] {
  const units = new Map<string, PaperUnit>();
  for (const paper of papers) units.set(paper.arxivId, { arxivId: paper.arxivId, jobs: [] });
  for (const job of jobs) {
    const owner = job.fields[0]?.arxivId;
    if (owner !== undefined) units.get(owner)?.jobs.push(job);
  }
  return [...units.values()];
}

/** The papers a job fills, each once. */
export function idsOf(job: TextJob): string[] {
  return [...new Set(job.fields.map((field) => field.arxivId))];
}
