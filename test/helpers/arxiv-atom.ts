// An arXiv API answer (Atom) built for the ids a test's loopback server was asked for: each known id gets an
// entry (version 2, cs.LG, a recognisable title and abstract), unknown ones none, as arXiv's id_list does.

/** The Atom page for `ids`, leaving out those in `unknown`. */
export function atomForIds(ids: readonly string[], unknown: ReadonlySet<string> = new Set()): string {
  const entries = ids
    .filter((id) => !unknown.has(id))
    .map(
      (id) =>
        `<entry><id>http://arxiv.org/abs/${id}v2</id><title>arXiv title of ${id}</title>` +
        `<summary>arXiv abstract of ${id}.</summary><author><name>Arxiv Author</name></author>` +
        `<category term="cs.LG"/><arxiv:primary_category term="cs.LG"/>` +
        `<published>2025-01-29T10:00:00Z</published></entry>`,
    )
    .join('');
  return (
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" ` +
    `xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>${ids.length}` +
    `</opensearch:totalResults>${entries}</feed>`
  );
}

/** The ids of an `id_list` request URL (`/api/query?id_list=a,b`). */
export function idListOf(url: string): string[] {
  return new URL(url, 'http://127.0.0.1').searchParams.get('id_list')?.split(',') ?? [];
}
