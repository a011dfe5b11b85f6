// The translator for any OpenAI-compatible chat-completions endpoint (OpenAI, DeepSeek, vLLM, Ollama, ...):
// one request per text: one system message (the fixed instructions, then the text's notes, if any, after a blank
// line) and the text alone as the user message.

import { TranslateError, registerSecret } from '../../errors.js';
import type { HttpClient } from '../../http.js';
import { buildInstructions } from '../prompt.js';
import type { TranslationRequest, TranslationResult, Translator } from '../translator.js';
import {
  chatCompletionsUrl,
  fetchChatCompletion,
  type ChatCompletionRequest,
  type ChatMessage,
} from './fetch.js';
import { parseChatReply } from './parse.js';

export interface OpenAiCompatibleOptions {
  client: HttpClient;
  /** As the user gave it: `https://api.openai.com/v1`, `http://localhost:11434/v1/`, ... */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>` when set; registered as a secret so no message shows it. */
  apiKey: string | null;
  /** The provider's model name, e.g. `gpt-4o-mini`. */
  model: string;
}

/** What separates the fixed instructions from a text's notes in the system message. */
export const NOTES_SEPARATOR = '\n\n';

/**
 * The fixed instructions first, byte-identical across requests of one language and kind, so a provider's
 * prefix cache applies; then this text's notes (glossary lines, a retry's failure). One system message, not
 * two: chat templates of several open models (served by vLLM or Ollama) accept only one.
 */
function systemMessage(request: Pick<TranslationRequest, 'lang' | 'kind' | 'notes'>): string {
  const instructions = buildInstructions(request.lang, request.kind);
  const notes = request.notes ?? [];
  return notes.length === 0 ? instructions : instructions + NOTES_SEPARATOR + notes.join('\n');
}

/** Translates one text per chat-completions request. Throws `TranslateError`, `HttpError` or `TimeoutError`. */
export class OpenAiCompatibleTranslator implements Translator {
  readonly model: string;
  private readonly client: HttpClient;
  private readonly url: string;
  private readonly apiKey: string | null;
  private readonly modelName: string;

  constructor(options: OpenAiCompatibleOptions) {
    registerSecret(options.apiKey);
    this.client = options.client;
    this.apiKey = options.apiKey;
    this.modelName = options.model;
    this.model = `openai-compatible:${options.model}`;
    try {
      this.url = chatCompletionsUrl(options.baseUrl);
    } catch (cause) {
      throw new TranslateError(`"${options.baseUrl}" is not a URL for an OpenAI-compatible endpoint`, {
        cause,
        hint: 'set PAPERWIRE_LLM_BASE_URL to e.g. https://api.openai.com/v1',
      });
    }
  }

  async translate(request: TranslationRequest): Promise<TranslationResult> {
    const messages: ChatMessage[] = [
      { role: 'system', content: systemMessage(request) },
      { role: 'user', content: request.text },
    ];
    const body: ChatCompletionRequest = { model: this.modelName, messages, temperature: 0 };
    if (request.maxOutputTokens !== undefined) body.max_tokens = request.maxOutputTokens;
    const reply = await fetchChatCompletion(this.client, {
      url: this.url,
      apiKey: this.apiKey,
      body,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return parseChatReply(reply, { url: this.url });
  }
}
