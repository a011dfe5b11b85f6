// The list of every profile's feed as OPML 2.0 (opml.org/spec2.opml), the file feed readers import to subscribe
// to all of them at once. Pure: the caller passes the profiles and where the feeds are.
import { escapeXml } from './feed-document.js';
import { SERVER_LINKS, siteUrlOf, type SiteLinks } from './urls.js';

export interface OpmlOptions {
  /** Put before each link: the server's public URL, or '' when the links are whole already (a static site). */
  siteUrl: string;
  /** Where the feeds are: the server's paths (the default) or a static site's files. */
  links?: SiteLinks;
}

/**
 * One `<outline type="rss">` per profile, naming its RSS feed (`xmlUrl`) and its list of digests (`htmlUrl`). The
 * Atom feed carries the same papers, so it is left out: a reader importing both would subscribe twice.
 */
export function renderOpml(profiles: readonly string[], options: OpmlOptions): string {
  const links = options.links ?? SERVER_LINKS;
  const urlOf = (path: string): string => siteUrlOf(options.siteUrl, path);
  const outlines = profiles.map((profile) => {
    const title = escapeXml(`paperwire: ${profile}`);
    const xmlUrl = escapeXml(urlOf(links.feeds(profile).rss));
    const htmlUrl = escapeXml(urlOf(links.digestList(profile)));
    return `<outline type="rss" text="${title}" title="${title}" xmlUrl="${xmlUrl}" htmlUrl="${htmlUrl}"/>`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<opml version="2.0"><head><title>paperwire feeds</title></head><body>' +
    outlines.join('') +
    '</body></opml>\n'
  );
}
