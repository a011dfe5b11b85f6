// The DeepL translator: one /v2/translate request per text, source English, target the digest's language. DeepL
// takes no instructions, so glossary notes and retry notes are not sent; verify.ts still checks its answers.

import { TranslateError, registerSecret } from '../../errors.js';
import type { HttpClient } from '../../http.js';
import type { Lang } from '../../model.js';
import type { TextKind, TranslationRequest, TranslationResult, Translator } from '../translator.js';
import { deeplTranslateUrl, fetchDeeplTranslation, type DeeplRequest } from './fetch.js';
import { parseDeeplReply } from './parse.js';

export interface DeeplOptions {
  client: HttpClient;
  /** `https://api-free.deepl.com` (keys ending `:fx`) or `https://api.deepl.com`; config.ts picks the default. */
  baseUrl: string;
  /** Sent as `Authorization: DeepL-Auth-Key <key>`; registered as a secret so no message shows it. */
  apiKey: string;
}

// DeepL target language codes (https://developers.deepl.com/docs/getting-started/supported-languages).
const TARGETS: Record<Exclude<Lang, 'en'>, string> = {
  zh: 'ZH',
  ja: 'JA',
  ko: 'KO',
  fr: 'FR',
  de: 'DE',
  es: 'ES',
};

/** Translates titles and abstracts with DeepL; cannot write a TL;DR. Throws `TranslateError`, `HttpError`, `TimeoutError`. */
export class DeeplTranslator implements Translator {
  readonly model = 'deepl:default';
  readonly kinds: readonly TextKind[] = ['title', 'abstract'];
  private readonly client: HttpClient;
  private readonly url: string;
  private readonly apiKey: string;

  constructor(options: DeeplOptions) {
    registerSecret(options.apiKey);
    this.client = options.client;
    this.apiKey = options.apiKey;
    try {
      this.url = deeplTranslateUrl(options.baseUrl);
    } catch (cause) {
      throw new TranslateError(`"${options.baseUrl}" is not a URL for DeepL`, {
        cause,
        hint: 'set PAPERWIRE_DEEPL_BASE_URL to https://api-free.deepl.com or https://api.deepl.com',
      });
    }
  }

  async translate(request: TranslationRequest): Promise<TranslationResult> {
    if (request.lang === 'en') throw new TranslateError('English is never translated');
    if (request.kind === 'tldr') throw new TranslateError('DeepL translates; it cannot write a TL;DR');
    const body: DeeplRequest = {
      text: [request.text],
      source_lang: 'EN',
      target_lang: TARGETS[request.lang],
    };
    const reply = await fetchDeeplTranslation(this.client, {
      url: this.url,
      apiKey: this.apiKey,
      body,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return parseDeeplReply(reply, { url: this.url });
  }
}
