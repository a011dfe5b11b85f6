// The contract every translator must pass: what it sends and what it returns, whatever the provider.
// Each provider's test runs it in one call against a real loopback server speaking that provider's protocol.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TranslateError } from '../errors.js';
import type { TokenUsage, Translator } from './translator.js';

/** What the contract asks the provider's test server to answer. `content: null` means a reply without content. */
type ContractReply = { content: string | null; usage?: TokenUsage };

/** What the contract needs to see of the requests the server received, in the provider's own terms. */
interface ContractServerRequest {
  /** The instructions (system message or equivalent). */
  instructions: string;
  /** The text sent for translation, exactly as the provider put it on the wire. */
  source: string;
}

interface ContractServer {
  /** Passed to `make`. */
  url: string;
  requests(): ContractServerRequest[];
  close(): Promise<void>;
}

/** Starts a server that answers every request with `reply`, in the provider's protocol. */
export type ServeReply = (reply: ContractReply) => Promise<ContractServer>;

type TranslatorContractCase =
  | 'returns-content'
  | 'sends-source-exactly'
  | 'same-instructions'
  | 'reports-usage'
  | 'no-usage'
  | 'missing-content'
  | 'empty-content'
  | 'names-model';

export interface TranslatorContractOptions {
  /** Cases this provider cannot meet, each with the reason. */
  skip?: Partial<Record<TranslatorContractCase, string>>;
}

const SOURCE =
  'We propose TIPS, a policy-gradient method: it improves return by 12.5% (±0.3) on $\\mathcal{D}_{\\text{train}}$ ' +
  'with \\textbf{PPO}; code at https://example.org/tips?x=1&y="2". Ünïcödé — 中文 — "quotes" \'and\' tabs.';

/** Runs the translator contract: `make(url)` builds the translator under test against the server `serveReply` starts. */
export function runTranslatorContract(
  make: (serverUrl: string) => Translator,
  serveReply: ServeReply,
  options: TranslatorContractOptions = {},
): void {
  const servers: ContractServer[] = [];
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
  async function serve(reply: ContractReply): Promise<ContractServer> {
    const server = await serveReply(reply);
    servers.push(server);
    return server;
  }
  const skip = (name: TranslatorContractCase): { skip?: string } => {
    const reason = options.skip?.[name];
    return reason === undefined ? {} : { skip: reason };
  };

  describe('translator contract', () => {
    it('returns the reply content, trimmed, as the translation', skip('returns-content'), async () => {
      const server = await serve({ content: '  我们提出 TIPS。\n' });
      const result = await make(server.url).translate({
        text: 'We propose TIPS.',
        kind: 'title',
        lang: 'zh',
      });
      assert.equal(result.text, '我们提出 TIPS。');
    });

    it('sends exactly the source text, nothing added or changed', skip('sends-source-exactly'), async () => {
      const server = await serve({ content: '译文' });
      await make(server.url).translate({ text: SOURCE, kind: 'abstract', lang: 'zh' });
      assert.equal(server.requests().length, 1);
      assert.equal(server.requests()[0]?.source, SOURCE);
      assert.ok(
        !(server.requests()[0]?.instructions ?? '').includes(SOURCE),
        'the source is not in the instructions',
      );
    });

    it(
      'sends identical instructions for one language and kind, different ones across',
      skip('same-instructions'),
      async () => {
        const server = await serve({ content: '译文' });
        const translator = make(server.url);
        await translator.translate({ text: 'First title', kind: 'title', lang: 'zh' });
        await translator.translate({ text: 'Second, different title', kind: 'title', lang: 'zh' });
        await translator.translate({ text: 'First title', kind: 'title', lang: 'ja' });
        const [first, second, japanese] = server.requests().map((request) => request.instructions);
        assert.ok(first, 'the first request carries instructions');
        assert.equal(second, first);
        assert.notEqual(japanese, first);
      },
    );

    it('reports token usage when the provider gives it', skip('reports-usage'), async () => {
      const server = await serve({ content: '译文', usage: { promptTokens: 321, completionTokens: 45 } });
      const result = await make(server.url).translate({ text: 'A title', kind: 'title', lang: 'zh' });
      assert.deepEqual(result.usage, { promptTokens: 321, completionTokens: 45 });
    });

    it('reports null usage when the provider gives none', skip('no-usage'), async () => {
      const server = await serve({ content: '译文' });
      const result = await make(server.url).translate({ text: 'A title', kind: 'title', lang: 'zh' });
      assert.equal(result.usage, null);
    });

    it('throws TranslateError when the reply has no content', skip('missing-content'), async () => {
      const server = await serve({ content: null });
      await assert.rejects(
        make(server.url).translate({ text: 'A title', kind: 'title', lang: 'zh' }),
        (error: unknown) => error instanceof TranslateError && error.code === 'E_TRANSLATE',
      );
    });

    it('throws TranslateError when the content is empty or blank', skip('empty-content'), async () => {
      const server = await serve({ content: ' \n ' });
      await assert.rejects(
        make(server.url).translate({ text: 'A title', kind: 'title', lang: 'zh' }),
        (error: unknown) => error instanceof TranslateError && /empty/.test(error.message),
      );
    });

    it('names provider and model as `provider:model`', skip('names-model'), async () => {
      const server = await serve({ content: '译文' });
      assert.match(make(server.url).model, /^[a-z0-9-]+:.+$/);
    });
  });
}
