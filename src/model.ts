// The words of paperwire as types: paper, announcement, listing date, digest, profile, problem.
// Pure data and pure helpers only; nothing here does I/O or imports from the rest of src/.

/** A calendar date `YYYY-MM-DD`. Build one with `parseIsoDate`, which checks it is a real date. */
export type IsoDate = string & { readonly __isoDate: true };

/** How a paper appears in one announcement (arXiv RSS `arxiv:announce_type`). */
export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';
export const ANNOUNCE_TYPES: readonly AnnounceType[] = ['new', 'cross', 'replace', 'replace-cross'];

/** Languages the digest can be written in. `en` means "nothing is translated". */
export const LANGS = ['en', 'zh', 'ja', 'ko', 'fr', 'de', 'es'] as const;
export type Lang = (typeof LANGS)[number];

export const STYLES = ['classic', 'markdown', 'bilingual', 'json'] as const;
export type Style = (typeof STYLES)[number];

export const SORTS = ['listing', 'date', 'title', 'upvotes', 'relevance'] as const;
export type Sort = (typeof SORTS)[number];

/** One arXiv paper, keyed by its id without version. The store keeps the newest version's metadata. */
export interface Paper {
  /** `2601.19928` or `hep-th/9901001`: never carries a version. */
  arxivId: string;
  /** The newest version seen, 1-based (`v3` is 3). */
  version: number;
  title: string;
  abstract: string;
  authors: string[];
  /** Every category, primary first, no duplicates. */
  categories: string[];
  primaryCategory: string;
  /** First version's submission time, when the source says it. */
  publishedAt: Date | null;
  /** This version's time, when the source says it. */
  updatedAt: Date | null;
  comment: string | null;
  journalRef: string | null;
  doi: string | null;
}

/** One version of a paper and when it was submitted, as arXiv's archive lists it (OAI-PMH, the snapshot). */
export interface PaperVersionDate {
  /** 1-based (`v3` is 3). */
  version: number;
  /** When this version was submitted; null when the source does not say or the date does not parse. */
  submittedAt: Date | null;
}

/** A paper as one listing shows it: how it was announced that day. */
export interface ListedPaper {
  paper: Paper;
  announceType: AnnounceType;
}

/** One entry that could not be used, and why. Recorded, shown, never dropped silently. */
export interface Problem {
  /** The place: a URL with the entry index, a file and line, a paper id. */
  where: string;
  /** What was wrong, in one sentence. */
  what: string;
  /** The rule it broke, short and stable (`missing-field`, `translation-failed`, ...). */
  rule: string;
}

/** One daily arXiv announcement and the listing it produced. */
export interface Announcement {
  listingDate: IsoDate;
  /** 20:00 US Eastern on the evening before the listing date (EST or EDT). */
  announcedAt: Date;
}

/**
 * What arXiv announced in one listing, as one source gave it, and whether paperwire read all of it
 * (docs/store.md, the `listings` table).
 */
export interface ListingAudit {
  /** `arxiv-rss`, `arxiv-api`. */
  source: string;
  /** Where it was read (the API's last page); null for listings stored before schema version 4 kept it. */
  url: string | null;
  fetchedAt: Date;
  /**
   * True: every page fetched, the reported count reached, the feed's date the one wanted. False: partial, and
   * fetched again next time. Null: stored before schema version 4 recorded it.
   */
  isComplete: boolean | null;
  /** Why it is partial, one sentence; null when it is not. */
  incompleteReason: string | null;
  /** Entries the source says the listing holds, of every type, usable or not (RSS items, API totalResults). */
  announcedCount: number;
  newCount: number;
  crossCount: number;
  /** `replace` and `replace-cross` together; always 0 from the API, which cannot see replacements. */
  replacedCount: number;
}

/** A digest's audit: its listing's, and how many distinct papers of it the profile matched. */
export interface DigestAudit extends ListingAudit {
  matchedCount: number;
}

/** A field of a paper that enrichment writes in the digest's language. */
export type TranslatedField = 'title' | 'abstract' | 'tldr';

/** The rule of a problem for a paper's title, abstract or TL;DR that no provider translated. */
export const TRANSLATION_FAILED = 'translation-failed';

/**
 * The problem of a field of `arxivId` that no provider translated (`paper ID`, `abstract translation failed: …`):
 * made by the translate stage, read back by `failedTranslationOf` (the chat message's marks, `run`'s mend).
 */
export function translationFailedProblem(arxivId: string, field: TranslatedField, reason: string): Problem {
  return {
    where: `paper ${arxivId}`,
    what: `${field} translation failed: ${reason}`,
    rule: TRANSLATION_FAILED,
  };
}

/** The paper and field of a problem `translationFailedProblem` made; null for any other problem. */
export function failedTranslationOf(problem: Problem): { arxivId: string; field: TranslatedField } | null {
  if (problem.rule !== TRANSLATION_FAILED) return null;
  const arxivId = /^paper (\S+)$/.exec(problem.where)?.[1];
  const field = /^(title|abstract|tldr) translation failed/.exec(problem.what)?.[1] as
    TranslatedField | undefined;
  return arxivId === undefined || field === undefined ? null : { arxivId, field };
}

/**
 * A check that a kept translation still fails after its one retry (enrich/verify): the translation is shown,
 * marked ⚠, with this reason. `check` is the check's name (`acronyms`, `numbers`, `latex`, `urls`, `glossary`,
 * `length`, `language`).
 */
export interface TranslationFlag {
  field: TranslatedField;
  check: string;
  /** What is wrong, one sentence, e.g. `Keep the names TIPS verbatim.` */
  detail: string;
}

/** The translated text of one paper, or null where there is none (not asked for, or failed). */
export interface PaperTranslation {
  title: string | null;
  abstract: string | null;
  /** A one-line summary in the digest's language (`--tldr`); absent or null when not asked for or not written. */
  tldr?: string | null;
  /** Checks the shown translation failed twice; absent or empty when every field passed. */
  flags?: TranslationFlag[];
}

/** How one check fared over the texts checked in one run. */
interface CheckCounts {
  /** Passed on the first answer. */
  passed: number;
  /** Failed the first answer, passed the retry. */
  passedOnRetry: number;
  /** Failed both answers: kept and marked. */
  marked: number;
}

/** What the translate stage did in one run: checks, cache, requests and tokens (shown at the end, kept in JSON). */
export interface TranslationReport {
  /** Texts translated and checked in this run (titles, abstracts and TL;DRs; cached ones excluded). */
  checked: number;
  /** Of those: passed every check at once, passed on retry, kept marked. */
  passed: number;
  passedOnRetry: number;
  marked: number;
  /** Texts served from the cache, and how many of those carry a mark (re-checked, never re-asked). */
  fromCache: number;
  cachedMarked: number;
  /** Per check, over the texts checked in this run. */
  byCheck: Record<string, CheckCounts>;
  /** Provider calls (retries for a failed check included) and the tokens they reported. */
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** Papers left untranslated because a budget (`--max-tokens`, `--max-papers`) was reached. */
  skippedByBudget: number;
}

/**
 * What Hugging Face adds to a paper (Daily Papers, paper search), as last seen. Bibliographic fields stay
 * arXiv's; these are the community's. Field meanings: docs/sources.md#hugging-face.
 */
export interface HfInfo {
  /** Community upvotes at `seenAt` (the newest of the store's time series). */
  upvotes: number;
  /** Comments in the paper's discussion; null when never seen (paper pages do not carry it). */
  comments: number | null;
  /** The organisation's full name (`ByteDance Seed`), or its handle when it has none. */
  organization: string | null;
  /** A GitHub URL (`https://github.com/x/y`). */
  githubRepo: string | null;
  githubStars: number | null;
  /** Keywords Hugging Face extracted with a language model. */
  aiKeywords: string[];
  /** When Hugging Face last reported these values. */
  seenAt: Date;
}

/**
 * How well a paper fits what its reader liked (src/relevance/, docs/relevance.md): a score 0..1 and reasons a
 * reader understands, strongest first (`close to '…' in your library`, `words: sim-to-real, manipulation`).
 */
export interface Relevance {
  score: number;
  reasons: string[];
}

/** One observation of a paper's upvotes (the store keeps the series; the paper page draws it). */
export interface UpvotePoint {
  seenAt: Date;
  upvotes: number;
}

/** The organisation a paper is listed under on Hugging Face (`organization` in the API). */
export interface HfOrganization {
  /** The Hub handle (`Qwen`, `ByteDance-Seed`). */
  name: string;
  /** The display name (`ByteDance Seed`), when the API gives one. */
  fullname: string | null;
}

/**
 * One paper as Hugging Face describes it (Daily Papers, paper search, paper pages): what sources/hf-daily reads
 * and the pipeline saves. Field meanings: docs/sources.md#hugging-face.
 */
export interface HfPaper {
  /** The arXiv id without version (`paper.id`). */
  arxivId: string;
  title: string;
  /** The arXiv abstract (`paper.summary`), whitespace collapsed; '' when the API gives none. */
  abstract: string;
  /** Author names in paper order; [] when the API lists none. */
  authors: string[];
  /** The arXiv publication time (`paper.publishedAt`). */
  publishedAt: Date | null;
  /** When the paper was put on a Daily Papers listing (`paper.submittedOnDailyAt`); null if never. */
  submittedOnDailyAt: Date | null;
  /** Community upvotes (`paper.upvotes`); 0 when absent. */
  upvotes: number;
  /** Discussion comments (`numComments`); only listings and search carry it, so null for a paper page. */
  comments: number | null;
  organization: HfOrganization | null;
  /** `paper.githubRepo`: a GitHub URL. */
  githubRepo: string | null;
  githubStars: number | null;
  /** Keywords Hugging Face extracted with a language model (`paper.ai_keywords`). */
  aiKeywords: string[];
  /** One-sentence summary Hugging Face generated (`paper.ai_summary`). */
  aiSummary: string | null;
}

/** A paper inside a digest, with what enrichment added to it. */
export interface DigestEntry {
  paper: Paper;
  announceType: AnnounceType;
  translation: PaperTranslation;
  /** Null when the paper was never seen on Hugging Face. */
  hf: HfInfo | null;
  /** Absent when nothing was scored (no library or ratings yet, or older documents). */
  relevance?: Relevance;
}

export interface DigestSection {
  /** The keyword or query as the reader wrote it. */
  keyword: string;
  entries: DigestEntry[];
}

/** The papers of one listing date that match a profile, in sections per keyword. */
export interface Digest {
  profile: string;
  listingDate: IsoDate;
  announcedAt: Date;
  generatedAt: Date;
  lang: Lang;
  sections: DigestSection[];
  /** Distinct papers across all sections. */
  paperCount: number;
  /** Notices for the reader (e.g. "no translation endpoint configured"). */
  notices: string[];
  problems: Problem[];
  /** The translate stage's report for this run; absent when nothing was translated (or in older documents). */
  translationReport?: TranslationReport;
  /** What the listing announced and how much of it matched; absent in older documents. */
  audit?: DigestAudit;
}

/** Names one saved digest: a profile's digest of one listing date. */
export interface DigestKey {
  profile: string;
  listingDate: IsoDate;
}

/** A saved digest as listed, without its document. */
export interface DigestRef extends DigestKey {
  generatedAt: Date;
}

/**
 * One paper of a trending list (`paperwire trending`): its record (arXiv's metadata when arXiv has it), what
 * Hugging Face says of it, and its translation.
 */
export interface TrendingItem {
  paper: Paper;
  hf: HfInfo;
  translation: PaperTranslation;
  /** Present when the list was ranked by relevance (`trending --sort relevance`) and the paper scored. */
  relevance?: Relevance;
}

/** One query's counts in a trend (`paperwire trend`), one per period of the trend. */
interface TrendSeries {
  query: string;
  counts: number[];
  total: number;
}

/** Several queries' papers counted over the same periods (`YYYY` or `YYYY-MM`, ascending, none skipped). */
export interface Trend {
  by: 'month' | 'year';
  periods: string[];
  series: TrendSeries[];
}

/** A glossary's field: reinforcement learning or machine learning at large. */
export type GlossaryField = 'rl' | 'ml';

/**
 * A glossary entry the user adds (`[glossary.zh]` in paperwire.toml), replacing a shipped entry of the same term:
 * accepted renderings, the preferred first (none: keep the term as is), renderings known to be wrong, and the
 * field (`ml` when absent).
 */
export interface UserGlossaryEntry {
  term: string;
  translations: string[];
  forbidden?: string[];
  field?: GlossaryField;
}

/** How to reach an SMTP server (`[smtp]` in paperwire.toml). Validated by the config; deliver/smtp.ts uses it. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (implicit TLS, usually port 465). */
  secure: boolean;
  /**
   * On a plain connection: `required` upgrades with STARTTLS or fails, `opportunistic` upgrades when the server
   * offers it and goes on in clear text otherwise, `never` stays in clear text. Ignored when `secure`.
   */
  startTls: 'required' | 'opportunistic' | 'never';
  /** Login name; null sends without logging in. */
  user: string | null;
  /** Registered as a secret: it never appears in a message paperwire prints. */
  password: string | null;
  /** Limit for connecting, for the greeting and for each pause in the conversation. */
  timeoutMs: number;
}

/** The chat services a digest can be sent to (`notify` in a profile; docs/chat.md). */
export const CHAT_SERVICES = [
  'slack',
  'discord',
  'telegram',
  'feishu',
  'dingtalk',
  'wecom',
  'webhook',
] as const;
export type ChatServiceName = (typeof CHAT_SERVICES)[number];

/**
 * One chat target (`[notify.<name>]` in paperwire.toml, or `PAPERWIRE_NOTIFY_<NAME>_*`). Validated by the config;
 * deliver/chat/ sends to it. `url`, `secret` and `token` are registered as secrets: they never appear in a message.
 */
export interface ChatTarget {
  /** The table's name, as profiles list it: `slack`, `lab-feishu`. */
  name: string;
  service: ChatServiceName;
  /** The webhook URL; for Telegram the Bot API's base (`https://api.telegram.org`). */
  url: string;
  /** Feishu's and DingTalk's signing secret, the generic webhook's HMAC key; null: unsigned. */
  secret: string | null;
  /** Telegram's bot token; null for the other services. */
  token: string | null;
  /** Telegram's `chat_id` (a number, or `@channel`); null for the other services. */
  chatId: string | null;
  /** How many papers the message shows at most (the digest's best first). */
  top: number;
}

/** One paper of a chat message (render/text/chat.ts builds it, deliver/chat/ sends it). */
export interface ChatEntry {
  /** 1-based place in the digest's order. */
  rank: number;
  arxivId: string;
  title: string;
  /** The title in the digest's language; null for an English digest or when it equals the title. */
  translatedTitle: string | null;
  /** The translation failed (the English is shown) or was kept marked ⚠ by a check. */
  isMarked: boolean;
  absUrl: string;
  pdfUrl: string;
}

/** What every chat message of one digest says: who, when, how many, and the papers. */
export interface ChatDigest {
  profile: string;
  listingDate: string;
  /** Distinct papers in the digest. */
  paperCount: number;
  /** The first `top` papers, best first. */
  entries: ChatEntry[];
  /** `rl · 2026-01-30 · top 10 of 33 papers`: the header of every message, before any `(1/3)`. */
  header: string;
}

/** A named set of keywords, categories, language, sort and delivery targets, from the config file. */
export interface Profile {
  name: string;
  keywords: string[];
  categories: string[];
  lang: Lang;
  style: Style;
  sort: Sort;
  includeCross: boolean;
  includeReplaced: boolean;
  /** Where the rendered digest goes (`{date}` becomes the listing date); null means stdout. */
  out: string | null;
  /** Addresses the digest is e-mailed to by `run` (and `digest --email`). */
  email: string[];
  /** Chat targets (`[notify.<name>]` names) `run` sends the digest to; absent means none. */
  notify?: string[];
  /** Add a one-line TL;DR per paper in the profile's language (`tldr = true`, `--tldr`); absent means false. */
  tldr?: boolean;
  /** Per-run budgets (`max_tokens`, `max_papers`; `--max-tokens`, `--max-papers`); absent or null: no limit. */
  maxTokens?: number | null;
  maxPapers?: number | null;
  /** Keep only papers whose relevance score is at least this, 0..1 (`min_score`, `--min-score`); absent or null: all. */
  minScore?: number | null;
  /** Keep only the N best papers of the digest (`top`, `--top`): by relevance when scored, else in order. */
  top?: number | null;
  /** Hide papers an earlier digest of this profile showed (`unseen = true`, `--unseen`); absent means false. */
  unseen?: boolean;
}

/** One paper of the reader's library: from a BibTeX/RIS/CSL-JSON export, or looked up on arXiv. */
export interface LibraryEntry {
  /** `arxiv:<versionless id>` when the entry has an arXiv id, else `title:<folded title>` (stable across imports). */
  key: string;
  /** Versionless, e.g. `2501.01234` or `hep-th/9901001`; null when the export names none. */
  arxivId: string | null;
  title: string;
  /** '' when unknown and not looked up. */
  abstract: string;
  authors: string[];
  /** Where it came from, for problems and `library list`: `refs.bib:12`. */
  source: string;
  /** When it was first added to the library. */
  addedAt: Date;
}

/** What a reader can say about a paper: up, down, or saved for later. */
export const RATINGS = ['up', 'down', 'save'] as const;
export type RatingKind = (typeof RATINGS)[number];

/** A paper's current rating (the latest the reader gave, not cleared since). */
export interface Rating {
  /** Versionless. */
  arxivId: string;
  kind: RatingKind;
  ratedAt: Date;
}

/**
 * The library key of an entry: `arxiv:<id>` when it has an arXiv id, else `title:<title folded>/<first author's
 * family name folded>` (two papers may share a title: "Introduction", a reused name), or `title:<title folded>`
 * when it names no author (the only form before the author was added, still read).
 */
export function libraryKeyOf(arxivId: string | null, title: string, authors: readonly string[] = []): string {
  if (arxivId !== null) return `arxiv:${arxivId}`;
  const family = foldTitle(authors[0]?.trim().split(/\s+/).at(-1) ?? '');
  return family === '' ? `title:${foldTitle(title)}` : `title:${foldTitle(title)}/${family}`;
}

/**
 * A title as a key: accents and case folded, every run of non-letters and non-digits one space, trimmed. Two
 * exports of one paper (`{S}im-to-{R}eal` from BibTeX, `Sim-to-Real` from RIS) fold to the same text.
 */
function foldTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns the date if `text` is a real `YYYY-MM-DD` calendar date, otherwise null. */
export function parseIsoDate(text: string): IsoDate | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return text as IsoDate;
}

/** The UTC calendar date of an instant. */
export function isoDateOf(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10) as IsoDate;
}

/** `date` moved by `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const instant = new Date(`${date}T00:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return isoDateOf(instant);
}

/** Day of week of a calendar date, 0 = Sunday. */
export function weekdayOf(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const VERSIONED_ID = /^(.+?)(?:v(\d+))?$/;

/** Splits `2601.19928v2` into `{ arxivId: '2601.19928', version: 2 }`; no suffix means version 1. */
export function splitVersionedId(versionedId: string): { arxivId: string; version: number } {
  const match = VERSIONED_ID.exec(versionedId.trim());
  const arxivId = match?.[1] ?? versionedId.trim();
  const version = match?.[2] ? Number(match[2]) : 1;
  return { arxivId, version };
}

/** True for a new-style (`2601.19928`) or old-style (`hep-th/9901001`) arXiv id without version. */
export function isArxivId(text: string): boolean {
  return /^\d{4}\.\d{4,5}$/.test(text) || /^[a-z-]+(\.[A-Z]{2})?\/\d{7}$/.test(text);
}

export function absUrl(arxivId: string): string {
  return `https://arxiv.org/abs/${arxivId}`;
}

export function pdfUrl(arxivId: string): string {
  return `https://arxiv.org/pdf/${arxivId}`;
}

/** Collapses runs of whitespace (line breaks included) to one space and trims. */
export function normalizeSpace(text: string): string {
  // Same result as replacing every /\s+/ run, but single spaces, the most common run by far, are not rewritten.
  return text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

/**
 * Where a paper keeps its title and abstract as its source cleaned them (`markCleanText`): a property no copy takes
 * (not enumerable, so neither spread, JSON nor a deep comparison sees it).
 */
const CLEAN_TEXT = Symbol('paperwire.cleanText');

/**
 * Records that `paper`'s title and abstract are clean as they are now: `normalizeSpace(stripControls(text))` leaves
 * them unchanged, as every source leaves them. The steps after the source (the store's hash, the keyword fold, the
 * renderers) then skip testing or cleaning them again: three scans of the day's 4,000 texts (issue 13). Only a
 * parser that cleaned both calls it; returns the paper.
 */
export function markCleanText(paper: Paper): Paper {
  Object.defineProperty(paper, CLEAN_TEXT, { value: [paper.title, paper.abstract] });
  return paper;
}

/**
 * True when `paper[field]` is still the text its source cleaned (`markCleanText`): a copy of the paper, or a field
 * set since, is not known clean. False means unknown, never unclean.
 */
export function hasCleanText(paper: Paper, field: 'title' | 'abstract'): boolean {
  const marked = (paper as { [CLEAN_TEXT]?: readonly [string, string] })[CLEAN_TEXT];
  return marked !== undefined && marked[field === 'title' ? 0 : 1] === paper[field];
}

/** "announced 60 (new 20, cross 30, replaced 10); matched 5", plus "partial: <why>" when it is. */
export function formatAudit(audit: DigestAudit): string {
  const partial =
    audit.isComplete === false ? `; partial: ${audit.incompleteReason ?? 'not every paper was read'}` : '';
  return (
    `announced ${audit.announcedCount} (new ${audit.newCount}, cross ${audit.crossCount}, ` +
    `replaced ${audit.replacedCount}); matched ${audit.matchedCount}${partial}`
  );
}

/**
 * `1 paper`, `2 papers`: a count with its noun (a regular plural), for progress lines ("1 papers" was printed for a
 * one-paper day).
 */
export function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

/** Distinct papers across the sections of a digest. */
export function countDistinctPapers(sections: readonly DigestSection[]): number {
  const ids = new Set<string>();
  for (const section of sections) for (const entry of section.entries) ids.add(entry.paper.arxivId);
  return ids.size;
}

/**
 * The Paper for what Hugging Face knows of one: it has no categories, versions, comments, journal references or
 * DOIs, so categories are [], primaryCategory is '', version is 1 and the rest null; the store lets arXiv win.
 */
export function paperFromHuggingFace(hf: {
  arxivId: string;
  title: string;
  abstract: string;
  authors: readonly string[];
  publishedAt: Date | null;
}): Paper {
  return {
    arxivId: hf.arxivId,
    version: 1,
    title: hf.title,
    abstract: hf.abstract,
    authors: [...hf.authors],
    categories: [],
    primaryCategory: '',
    publishedAt: hf.publishedAt,
    updatedAt: null,
    comment: null,
    journalRef: null,
    doi: null,
  };
}

/**
 * Terminal escape sequences (ECMA-48): CSI (`ESC [` or U+009B, then parameters and a final byte), the string
 * controls OSC, DCS, SOS, PM and APC (`ESC ]`, `ESC P`, `ESC X`, `ESC ^`, `ESC _` or their C1 forms) up to BEL or
 * the string terminator, and two-byte escapes (`ESC c` resets a terminal). A string control's payload stops at any
 * control character, so an unterminated one matches nothing and the scan stays linear.
 */
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
  /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)|\x1b[\x20-\x2f]*[\x30-\x7e]/g;

/** C0 controls but tab and line feed, DEL, and the C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const CONTROL_CHARACTER = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Unicode's bidirectional formatting characters (UAX #9): the embeddings and overrides U+202A–U+202E, the isolates
 * U+2066–U+2069, and the marks U+200E, U+200F and U+061C. An override or isolate shows the text after it in another
 * order than it is read ("Trojan Source", CVE-2021-42574: a title can show reversed), and a mark reorders the
 * digits and punctuation beside it. No language paperwire writes runs right to left, so none of them is needed;
 * right-to-left words in a title still show in their own order without them.
 */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Any character stripControls removes: a control character (every escape sequence starts with one) or a bidi one. */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const HAS_CONTROL_CHARACTER = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Text from the outside (feeds, APIs, translators) made safe to print on a terminal or a page: every escape
 * sequence is removed whole (so `ESC ]0;title BEL` leaves nothing, not `]0;title`), then every remaining control
 * character but tab and line feed, and every bidirectional formatting character. An unterminated sequence loses
 * only its control characters; the visible text stays.
 */
export function stripControls(text: string): string {
  // Every escape sequence starts with a control character: text without one (nearly all) is returned as it is.
  if (!HAS_CONTROL_CHARACTER.test(text)) return text;
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL_CHARACTER, '').replace(BIDI_CONTROL, '');
}

/**
 * A count written as plain decimal digits (`16`), or null for anything else. `Number()` reads `0x10` as 16, `1e3` as
 * 1000, ` 7` as 7 and `""` as 0, and `Number.isInteger` then passes them: every flag, query parameter and variable
 * that means a count goes through here so that none of them accepts what a user did not write as a count. Digits past
 * 2^53 are null too: they would not round-trip.
 */
export function parseCount(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const count = Number(text);
  return Number.isSafeInteger(count) ? count : null;
}

// What `quoteInput` shows as an escape: every C0 and C1 control (tab and line feed too), DEL, and bidi formatting.
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const SHOWN_AS_ESCAPE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_QUOTED_CHARS = 80;

/**
 * What a reader typed, quoted for a message telling them it is wrong: every control and bidirectional formatting
 * character shown as an escape (`\x00`, `\x1b`, `\u202e`), so that the characters `stripControls` removes from
 * the output stay visible (`"0704.\x009001" is not an arXiv id`, not `"0704.9001"`); over 80 characters it is cut
 * with `…`.
 */
export function quoteInput(text: string): string {
  const cut = text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
  const shown = cut.replace(SHOWN_AS_ESCAPE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return `"${shown}"`;
}

/**
 * How large a full-text search query may be. SQLite's FTS5 refuses a query of a few thousand words ("Expression
 * tree is too large"); these bounds keep every query far below that and are what the web UI, the API and the CLI
 * tell a reader.
 */
const SEARCH_QUERY_LIMITS = { maxWords: 64, maxChars: 1000 } as const;

/**
 * Why `query` is too large to search, as one line naming the limit; null when it is within SEARCH_QUERY_LIMITS.
 * Words are counted as the search splits them (whitespace and quotes; words without a letter or digit ignored),
 * so a quoted phrase counts each of its words.
 */
export function findSearchQueryFault(query: string): string | null {
  const words = query.split(/[\s"]+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  if (words > SEARCH_QUERY_LIMITS.maxWords) {
    return `the search query has ${words} words; at most ${SEARCH_QUERY_LIMITS.maxWords} are allowed`;
  }
  const chars = Array.from(query).length;
  if (chars > SEARCH_QUERY_LIMITS.maxChars) {
    return `the search query is ${chars} characters long; at most ${SEARCH_QUERY_LIMITS.maxChars} are allowed`;
  }
  return null;
}

/** The longest author filter, in characters: a name, not a document (each of its words is a full-text token). */
const MAX_AUTHOR_CHARS = 200;

/** Why an author filter is too long to search, as one line naming the limit; null when it is within it. */
export function findAuthorFilterFault(author: string): string | null {
  const chars = Array.from(author.trim()).length;
  return chars > MAX_AUTHOR_CHARS
    ? `the author filter is ${chars} characters long; at most ${MAX_AUTHOR_CHARS} are allowed`
    : null;
}
