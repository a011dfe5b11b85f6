// The saved digests as the web UI reads them: listed and parsed from the store's JSON documents (cached while
// unchanged), and an index of every paper they hold with its translation, digests and keywords.
import type { Glossary } from '../enrich/glossary/glossary.js';
import { checkPaperTranslation } from '../enrich/verify.js';
import type {
  Digest,
  DigestKey,
  DigestRef,
  IsoDate,
  Lang,
  Paper,
  PaperTranslation,
  Problem,
} from '../model.js';
import { PaperwireError, isPaperwireError } from '../errors.js';
import { parseDigestDocument, parseDigestJson } from '../render/text/json-parse.js';
import type { DigestJson } from '../render/text/json.js';
import type { Store } from '../store/store.js';

/** The language a paper no saved digest translated is shown in, and the glossary its translation is checked against. */
export interface FallbackTranslation {
  lang: Lang;
  glossary: Glossary;
}

/** What the saved digests say about one paper. */
export interface IndexedPaper {
  /** The paper as the newest digest that listed it saved it. */
  paper: Paper;
  /** The newest translation any digest holds, and its language (`en` when none). */
  translation: PaperTranslation;
  lang: Lang;
  /** The digests that listed it, newest first. */
  digests: DigestKey[];
  /** The keywords it was listed under, lower-cased. */
  keywords: Set<string>;
}

/** How many parsed digests stay in memory; older ones are parsed again when asked for. */
const PARSED_CACHE_SIZE = 64;

export class DigestArchive {
  private readonly parsed = new Map<string, { generatedAt: number; digest: Digest }>();
  private index: { signature: string; papers: Map<string, IndexedPaper>; problems: Problem[] } | null = null;

  /**
   * @param fallback where a paper no saved digest translated is looked up in the store's translations (the
   *   default profile's language; `en` looks up nothing), and the glossary such a translation is checked against.
   */
  constructor(
    private readonly store: Store,
    private readonly fallback: FallbackTranslation | null = null,
  ) {}

  /** Every saved digest, newest listing date first. */
  list(): DigestRef[] {
    return this.store.listDigests();
  }

  /** One profile's digests, newest first. */
  listProfile(profile: string): DigestRef[] {
    return this.list().filter((ref) => ref.profile === profile);
  }

  /** Profiles with a saved digest, and the configured ones, configured first. */
  profiles(configured: readonly string[], refs: readonly DigestRef[] = this.list()): string[] {
    return [...new Set([...configured, ...refs.map((ref) => ref.profile).sort()])];
  }

  /** The digest, parsed from its stored document; null when none is saved. Throws when the document is bad. */
  load(profile: string, listingDate: IsoDate): Digest | null {
    const stored = this.store.loadDigest(profile, listingDate);
    if (stored === null) return null;
    const key = `${profile}\u0000${listingDate}`;
    const cached = this.parsed.get(key);
    if (cached !== undefined && cached.generatedAt === stored.generatedAt.getTime()) {
      this.parsed.delete(key);
      this.parsed.set(key, cached); // most recently used last
      return cached.digest;
    }
    const digest = readStored(profile, listingDate, () => parseDigestJson(stored.json));
    this.parsed.set(key, { generatedAt: stored.generatedAt.getTime(), digest });
    if (this.parsed.size > PARSED_CACHE_SIZE) {
      const oldest = this.parsed.keys().next().value;
      if (oldest !== undefined) this.parsed.delete(oldest);
    }
    return digest;
  }

  /**
   * The digest as `load` reads it, or null when none is saved or its stored document is unreadable: then the
   * fault is added to `problems`, so a caller showing many digests (a feed, the site) goes on without that one.
   */
  loadReadable(profile: string, listingDate: IsoDate, problems: Problem[]): Digest | null {
    try {
      return this.load(profile, listingDate);
    } catch (error) {
      if (!isPaperwireError(error)) throw error;
      const hint = error.hint === null ? '' : ` (${error.hint})`;
      problems.push({
        where: `digest ${profile} ${listingDate}`,
        what: `${error.message}${hint}`,
        rule: 'bad-digest',
      });
      return null;
    }
  }

  /**
   * The digest's stored document as saved (`json`) and read (`document`), checked as `load` checks it; null when
   * none is saved. Throws when the document is bad.
   */
  loadDocument(profile: string, listingDate: IsoDate): { json: string; document: DigestJson } | null {
    const stored = this.store.loadDigest(profile, listingDate);
    if (stored === null) return null;
    const document = readStored(profile, listingDate, () => parseDigestDocument(stored.json));
    return { json: stored.json, document };
  }

  /**
   * The translation to show with a paper: the newest one a saved digest holds, else the newest the store keeps
   * of its current title and abstract in the fallback language (any model: `fetch` and `search` show papers no
   * digest listed), checked here as a digest would check it, so its ⚠ marks show too. `lang` is `en` when
   * there is none. `papers`: the `paperIndex()` a caller showing many papers took once (each call lists the
   * saved digests again).
   */
  translationOf(
    paper: Paper,
    papers: ReadonlyMap<string, IndexedPaper> = this.paperIndex().papers,
  ): { translation: PaperTranslation; lang: Lang } {
    const indexed = papers.get(paper.arxivId);
    if (indexed !== undefined && indexed.lang !== 'en') {
      return { translation: indexed.translation, lang: indexed.lang };
    }
    return this.storedTranslationOf(paper);
  }

  /**
   * The translation in the fallback language only: a saved digest's in that language, else the store's newest
   * of the paper's current title and abstract, checked. `lang` is `en` when there is none.
   */
  translationInFallbackLang(paper: Paper): { translation: PaperTranslation; lang: Lang } {
    const indexed = this.paperIndex().papers.get(paper.arxivId);
    if (indexed !== undefined && indexed.lang !== 'en' && indexed.lang === this.fallback?.lang) {
      return { translation: indexed.translation, lang: indexed.lang };
    }
    return this.storedTranslationOf(paper);
  }

  /** The store's newest translation in the fallback language, checked as a digest would check it. */
  private storedTranslationOf(paper: Paper): { translation: PaperTranslation; lang: Lang } {
    const none = { translation: { title: null, abstract: null }, lang: 'en' as const };
    if (this.fallback === null || this.fallback.lang === 'en') return none;
    const { lang, glossary } = this.fallback;
    const stored = this.store.loadPaperTranslation(paper.arxivId, lang);
    if (stored.title === null && stored.abstract === null) return none;
    const flags = checkPaperTranslation(paper, stored, lang, glossary);
    return { translation: { ...stored, flags }, lang };
  }

  /** What the saved digests hold about each paper, rebuilt only when a digest was saved or replaced. */
  paperIndex(): { papers: ReadonlyMap<string, IndexedPaper>; problems: readonly Problem[] } {
    const refs = this.list();
    const signature = refs
      .map((r) => `${r.profile}\u0000${r.listingDate}\u0000${r.generatedAt.getTime()}`)
      .join('\n');
    if (this.index?.signature === signature) return this.index;
    const papers = new Map<string, IndexedPaper>();
    const problems: Problem[] = [];
    for (const ref of refs) {
      // One unreadable document must not take search and paper pages down with it: say so and go on.
      const digest = this.loadReadable(ref.profile, ref.listingDate, problems);
      if (digest !== null) addToIndex(papers, digest);
    }
    this.index = { signature, papers, problems };
    return this.index;
  }
}

/** Runs a reader of a stored document; its error becomes one naming the digest and how to replace it. */
function readStored<T>(profile: string, listingDate: IsoDate, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new PaperwireError('E_STORE', `saved digest ${profile} ${listingDate} cannot be read`, {
      cause: error,
      hint: `run \`paperwire digest --profile ${profile} --date ${listingDate}\` again to replace it`,
    });
  }
}

/** Adds a digest's papers; digests arrive newest first, so the first paper and translation seen are kept. */
function addToIndex(papers: Map<string, IndexedPaper>, digest: Digest): void {
  for (const section of digest.sections) {
    for (const entry of section.entries) {
      const id = entry.paper.arxivId;
      let indexed = papers.get(id);
      if (indexed === undefined) {
        indexed = {
          paper: entry.paper,
          translation: { title: null, abstract: null },
          lang: 'en',
          digests: [],
          keywords: new Set(),
        };
        papers.set(id, indexed);
      }
      const hasTranslation = entry.translation.title !== null || entry.translation.abstract !== null;
      if (indexed.lang === 'en' && digest.lang !== 'en' && hasTranslation) {
        indexed.translation = entry.translation;
        indexed.lang = digest.lang;
      }
      const last = indexed.digests.at(-1);
      if (last?.profile !== digest.profile || last.listingDate !== digest.listingDate) {
        indexed.digests.push({ profile: digest.profile, listingDate: digest.listingDate });
      }
      indexed.keywords.add(section.keyword.toLowerCase());
    }
  }
}
