// The CLI's help text and version, and the answers that need no command: `--help`, `--version`, no argument. Kept
// apart from cli.ts so that bin/paperwire.js answers them from dist/cli-help.cjs alone, loading nothing else.

import { LANGS, SORTS, STYLES } from './model.js';

const VERSION = '0.1.0';

export const HELP = `paperwire ${VERSION}: a daily research-paper wire

Usage:
  paperwire digest   [--keyword K]... [--category C]... [--date YYYY-MM-DD] [--lang ${LANGS.join('|')}]
                     [--style ${STYLES.join('|')}] [--sort ${SORTS.join('|')}] [--out FILE] [--profile NAME]
                     [--include-cross] [--include-replaced] [--refresh] [--email ADDRESS]...
                     [--resend] [--tldr] [--max-tokens N] [--max-papers N] [--unseen|--no-unseen] [--min-score X]
                     [--top N] [--notify TARGET]...
  paperwire fetch    [--date YYYY-MM-DD] [--source arxiv|hf|all] [--category C]...
  paperwire search   QUERY [--limit N] [--json] [--sort relevance] [--category C]... [--from D] [--until D]
                     [--author NAME] [--lang ${LANGS.join('|')}]   D: YYYY-MM-DD, YYYY-MM or YYYY
  paperwire trend    QUERY... [--by year|month] [--category C]... [--from D] [--until D] [--author NAME] [--json]
                     papers of the store matching each query per year or month, side by side
  paperwire similar  ID [--limit N] [--json]           the papers of the store most like one paper
  paperwire trending [--date YYYY-MM-DD] [--query Q] [--limit N] [--lang ${LANGS.join('|')}] [--json] [--refresh]
                     [--sort relevance]
  paperwire serve    [--host 127.0.0.1] [--port 8787]   the web UI, JSON API and feeds, until stopped
                     (another host than loopback needs a token: set PAPERWIRE_SERVE_TOKEN, 16+ characters)
  paperwire run      every profile after each arXiv announcement, until stopped (SIGTERM)
  paperwire demo     [--tour]   the digest, offline, on a bundled recorded day; --tour goes on through every
                                other command (search, library, rate, similar, trending, import, harvest, ...)
  paperwire library  add FILE...   your library from BibTeX, RIS or CSL-JSON exports (Zotero, Mendeley, JabRef,
                                   Google Scholar); abstracts of arXiv entries without one come from arXiv
                     list [--json] | remove ID
  paperwire rate     ID... --up|--down|--save|--clear    rate papers the store knows (ids, versioned ids, URLs)
                     --list [--json]
  paperwire harvest  [--set SET] [--from YYYY-MM-DD] [--until YYYY-MM-DD]   arXiv's archive over OAI-PMH
                     (PAPERWIRE_ARXIV_OAI_URL); SET: cs, cs.LG, hep-th or a set spec (cs:cs:LG). Resumes after a
                     kill; --from defaults to where the set's last harvest ended (the first one needs it)
  paperwire site     --out DIR [--url URL]   the archive as a static site (GitHub Pages, any host, file://)
  paperwire feed     QUERY [--out FILE.xml|FILE.atom] [--lang ${LANGS.join('|')}] [--limit N]
                     the newest papers matching QUERY as RSS or Atom (by the extension; RSS on stdout)
  paperwire import   SNAPSHOT.jsonl[.gz] [--batch-size N]   arXiv's metadata snapshot (Kaggle) into the store;
                                   a killed import resumes where it stopped, a second one changes nothing
  paperwire stats    [--json]      papers by year and archive, listings, translations, database size

Common options:
  --config FILE      the config file (default: ./paperwire.toml, then $PAPERWIRE_HOME/paperwire.toml)
  --home DIR         where the database lives (default: $PAPERWIRE_HOME or the user data folder)
  --quiet            no progress and no informational lines on stderr; warnings and errors still show
  --debug            print stack traces on errors
  --help, --version

Exit codes: 0 done (also: no announcement on that date, or already e-mailed), 1 failed, 2 usage (a bad flag or
flag value), 75 not announced yet (try again later). A digest whose flags change a profile's keywords,
categories, announce types, language, sort, --tldr or budgets is saved as "<profile>~<hash>", never over the
profile's archive. --resend e-mails an address that already got the profile's digest of that date.
--notify sends the compact digest to a chat target ([notify.NAME]: Slack, Discord, Telegram, Feishu, DingTalk,
WeCom, a JSON webhook; docs/chat.md), once per date (--resend sends it again); run sends each profile's notify.

Keywords are queries: a plain phrase, or "exact phrase", AND, OR, NOT, ( ), ti: abs: au: cat:
(see docs/query-language.md); search, trend and feed read the same, e.g. 'diffusion policy -survey cat:cs.RO'. Translation needs an OpenAI-compatible endpoint: PAPERWIRE_LLM_BASE_URL,
PAPERWIRE_LLM_API_KEY, PAPERWIRE_LLM_MODEL (or OPENAI_BASE_URL, OPENAI_API_KEY), or DeepL:
PAPERWIRE_DEEPL_API_KEY. Every translation is checked (docs/verification.md); one that fails twice is
marked ⚠. --tldr adds a one-line summary per paper; --max-tokens and --max-papers cap a run's cost.
--unseen (profile unseen = true) hides papers an earlier digest of the profile showed, v2 and cross-lists too;
--no-unseen shows them for one run.
--sort relevance ranks by what your library and ratings say you like (docs/relevance.md); --min-score X
(0..1) keeps papers scoring at least X, --top N the N best.
`;

/**
 * What `paperwire` prints and exits with for `argv` when it names no command (no argument, `--help`, `-h`, `help`,
 * `--version`, `-v`); null for any other first argument.
 */
export function answerWithoutCommand(argv: readonly string[]): { text: string; exitCode: number } | null {
  const [command] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { text: HELP, exitCode: command === undefined ? 2 : 0 };
  }
  if (command === '--version' || command === '-v') return { text: `${VERSION}\n`, exitCode: 0 };
  return null;
}
