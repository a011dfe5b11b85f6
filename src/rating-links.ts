// Signed rating links for e-mails: the home's rating key (PAPERWIRE_HOME/rating.key, mode 0600, made on first use),
// the HMAC-SHA256 signature of one (paper, rating, issue time), its check and the links' lifetime. The e-mail writes
// the links, the server checks them.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerSecret, StoreError } from './errors.js';
import type { RatingKind } from './model.js';
import { createFolders } from './files.js';

/** The key's file name in the home folder. */
export const RATING_KEY_FILE = 'rating.key';

/** 32 random bytes, as 64 hex digits in the file. */
const KEY_BYTES = 32;
const KEY_TEXT = /^[0-9a-f]{64}$/;

/**
 * The home's rating key: read from `<home>/rating.key`, or made (32 random bytes, mode 0600) when the file does not
 * exist yet. The key is registered as a secret, so no log or error prints it. Throws StoreError naming the file
 * when it cannot be read or written, or holds anything but 64 hex digits.
 */
export function loadRatingKey(home: string): Buffer {
  const path = join(home, RATING_KEY_FILE);
  const text = readKeyText(path) ?? createKeyText(home, path);
  if (!KEY_TEXT.test(text)) {
    throw new StoreError(path, 'the rating key must be 64 hex digits', {
      hint: 'delete the file: a new key is made (e-mailed rating links signed with the old one stop working)',
    });
  }
  registerSecret(text);
  return Buffer.from(text, 'hex');
}

function readKeyText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError(path, 'cannot read the rating key', { cause: error, hint: 'check its permissions' });
  }
}

/** Writes a new key with `wx`, so two processes starting at once keep the first one written. */
function createKeyText(home: string, path: string): string {
  const text = randomBytes(KEY_BYTES).toString('hex');
  try {
    createFolders(home);
    writeFileSync(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyText(path) ?? text;
    throw new StoreError(path, 'cannot write the rating key', {
      cause: error,
      hint: 'check that the home folder is writable (PAPERWIRE_HOME or --home)',
    });
  }
}

/** Bytes of the HMAC kept: 128 bits, half of SHA-256's, the least RFC 2104 (section 5) advises; links stay short. */
const SIGNATURE_BYTES = 16;

/**
 * How long a signed link rates: an e-mail is often read weeks later, and a link forwarded or leaked stops working
 * after this.
 */
export const RATING_LINK_DAYS = 90;

/**
 * The signature of "rate `arxivId` as `kind`, issued at `issuedAt`" (whole seconds since 1970, the link's `t=`):
 * HMAC-SHA256 under the home's key, its first 128 bits as base64url (22 characters; three links a paper must fit
 * the e-mail's size cap). The message names its purpose first, so no other use of the key can produce it. A null
 * `issuedAt` is the signature of links made before they carried their time (no `t=`), which the server still takes.
 */
export function signRating(key: Buffer, arxivId: string, kind: RatingKind, issuedAt: number | null): string {
  const time = issuedAt === null ? '' : `\0${issuedAt}`;
  const mac = createHmac('sha256', key).update(`paperwire rating\0${arxivId}\0${kind}${time}`).digest();
  return mac.subarray(0, SIGNATURE_BYTES).toString('base64url');
}

/** True when `signature` is the one signRating makes for this paper, kind and issue time; compared in constant time. */
export function isValidRatingSignature(
  key: Buffer,
  arxivId: string,
  kind: RatingKind,
  issuedAt: number | null,
  signature: string,
): boolean {
  const expected = Buffer.from(signRating(key, arxivId, kind, issuedAt), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
