// Config for links to the web UI: the `[web]` table with `PAPERWIRE_PUBLIC_URL` → WebConfig. The e-mails link
// each digest to its page there.

import type { Locate, TomlTable } from './file.js';
import { httpUrl, nonEmpty, optionalString } from './values.js';

export const WEB_KEYS = ['public_url'] as const;

export interface WebConfig {
  /**
   * Where readers reach `paperwire serve` (behind a proxy, or on a host with a token), without a trailing
   * slash: `https://papers.example.org` or `https://example.org/paperwire`. Null: e-mails carry no link.
   */
  publicUrl: string | null;
}

/** Reads `[web]`; the variable wins over the file. */
export function loadWeb(env: NodeJS.ProcessEnv, file: TomlTable, at: Locate): WebConfig {
  const fromEnv = nonEmpty(env['PAPERWIRE_PUBLIC_URL']);
  const value = fromEnv ?? optionalString(file['public_url'], at, 'web.public_url');
  if (value === null) return { publicUrl: null };
  // The public URL is written into every e-mail: a password in it would be sent to every reader.
  const publicUrl = httpUrl(value, fromEnv ? '$PAPERWIRE_PUBLIC_URL' : at('web.public_url'), {
    isBase: true,
    refuseCredentials: {
      why: 'and it is written into every e-mail, so every reader would see the password',
      hint: 'give the address readers open, e.g. https://papers.example.org; protect serve with its token',
    },
  });
  return { publicUrl };
}
