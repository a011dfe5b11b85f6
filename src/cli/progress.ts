// What a command says on stderr while it works: informational lines (dropped with --quiet), warnings (always),
// and on a terminal one status line rewritten in place (pages fetched, texts translated n/N with an ETA, retries
// counted per host). Piped, the status line is never drawn and each retry is one line, as a log wants.

import type { ResponseEvent, RetryEvent } from '../http.js';
import type { PipelineProgress } from '../pipeline/digest.js';
import type { CliIo } from './io.js';

/** Longest status line drawn: wider than the terminal, it would wrap and `\r` could not rewrite it. */
const MAX_STATUS_CHARS = 78;
/** Carriage return, then erase to the end of the line (ECMA-48 EL). */
const CLEAR_LINE = '\r\x1b[K';

export interface ProgressOptions {
  /** `--quiet`: informational lines and the status line are dropped; warnings and errors never are. */
  isQuiet: boolean;
}

/** One command's stderr reporter; `finish` clears the status line and sums up the retries. */
export class ProgressReporter {
  private readonly isDrawing: boolean;
  private status = '';
  private readonly pagesByHost = new Map<string, number>();
  private readonly retriesByHost = new Map<string, number>();
  /** When the first text settled, and how many had then (cache hits come first and take no time). */
  private translateStart: { at: Date; done: number } | null = null;
  /** When this run of an import read its first chunk, and how far the file and the papers were then. */
  private importStart: { at: Date; bytesRead: number; papers: number } | null = null;

  constructor(
    private readonly io: CliIo,
    private readonly options: ProgressOptions,
  ) {
    this.isDrawing = io.isTerminal && !options.isQuiet;
  }

  /** An informational line (`listing …`, `wrote …`); dropped with `--quiet`. */
  info(line: string): void {
    if (!this.options.isQuiet) this.printLine(line);
  }

  /** A line always shown: a problem, a notice, a failure. */
  warn(line: string): void {
    this.printLine(line);
  }

  /** A retry: counted per host on a terminal, one line otherwise. */
  retried(event: RetryEvent): void {
    if (!this.isDrawing) {
      this.info(
        `retry ${event.attempt} of ${event.url} in ${Math.round(event.delayMs / 100) / 10} s (${event.reason})`,
      );
      return;
    }
    const host = hostOf(event.url);
    this.retriesByHost.set(host, (this.retriesByHost.get(host) ?? 0) + 1);
    this.draw(this.status === '' ? 'waiting to retry' : this.status);
  }

  /** A usable answer: feed and API pages are counted per host; the translator's answers show as translation. */
  fetched(event: ResponseEvent): void {
    if (!this.isDrawing || event.policy === 'llm') return;
    const host = hostOf(event.url);
    const pages = (this.pagesByHost.get(host) ?? 0) + 1;
    this.pagesByHost.set(host, pages);
    this.draw(`fetched ${pages} ${pages === 1 ? 'page' : 'pages'} from ${host}`);
  }

  /** The pipeline's progress: `done` of `total` texts, with the time left at the pace so far. */
  advanced(event: PipelineProgress): void {
    if (!this.isDrawing) return;
    const now = this.io.now();
    this.translateStart ??= { at: now, done: event.done };
    const elapsedMs = now.getTime() - this.translateStart.at.getTime();
    const settled = event.done - this.translateStart.done;
    const left =
      settled > 0 && event.done < event.total && elapsedMs > 0
        ? `, about ${formatDuration((elapsedMs / settled) * (event.total - event.done))} left`
        : '';
    this.draw(`translated ${event.done}/${event.total} texts${left}`);
  }

  /** A command's own status line (`harvested 5,000 records …`), drawn on a terminal only. */
  show(status: string): void {
    this.draw(status);
  }

  /** A bulk import's progress: papers read, the share of the file, papers per second and the time left. */
  imported(event: ImportProgress): void {
    if (!this.isDrawing) return;
    const now = this.io.now();
    this.importStart ??= { at: now, bytesRead: event.bytesRead, papers: event.papers };
    const elapsedMs = now.getTime() - this.importStart.at.getTime();
    const bytes = event.bytesRead - this.importStart.bytesRead;
    const share = event.totalBytes > 0 ? Math.floor((100 * event.bytesRead) / event.totalBytes) : 100;
    const pace =
      elapsedMs > 0 && bytes > 0
        ? `, ${formatCount(((event.papers - this.importStart.papers) * 1000) / elapsedMs)} papers/s, about ` +
          `${formatDuration((elapsedMs / bytes) * Math.max(0, event.totalBytes - event.bytesRead))} left`
        : '';
    this.draw(`imported ${formatCount(event.papers)} papers (${share}%)${pace}`);
  }

  /** Clears the status line; on a terminal, says once how many retries each host needed. */
  finish(): void {
    if (this.status !== '') this.io.stderrRaw(CLEAR_LINE);
    this.status = '';
    if (this.retriesByHost.size === 0) return;
    const counts = [...this.retriesByHost].map(([host, count]) => `${host} ×${count}`);
    this.retriesByHost.clear();
    this.info(`retries: ${counts.join(', ')}`);
  }

  private printLine(line: string): void {
    if (this.status !== '') this.io.stderrRaw(CLEAR_LINE);
    this.io.stderr(line);
    if (this.status !== '') this.io.stderrRaw(this.statusText());
  }

  private draw(status: string): void {
    if (!this.isDrawing) return;
    this.status = status;
    this.io.stderrRaw(`${CLEAR_LINE}${this.statusText()}`);
  }

  private statusText(): string {
    const retries = [...this.retriesByHost].map(([host, count]) => `${host} ×${count}`);
    const text = retries.length === 0 ? this.status : `${this.status} · retries: ${retries.join(', ')}`;
    return text.length > MAX_STATUS_CHARS ? `${text.slice(0, MAX_STATUS_CHARS - 1)}…` : text;
  }
}

/** The URL's host (never its userinfo); a URL that does not parse is shown whole rather than not at all. */
function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

/** How far a bulk import is, as `imported` draws it. */
export interface ImportProgress {
  /** Papers read so far, over every run of this import. */
  papers: number;
  /** Of the file as stored (compressed bytes for a `.gz`). */
  bytesRead: number;
  totalBytes: number;
}

/** `1,234,567`: a whole number with thousands separators, as every count of an import is shown. */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** `42 s`, `3 min 5 s`, `2 h 10 min`: rounded to what a reader needs. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
