// Tests for the DeepL translator against a real DeepL-shaped server on 127.0.0.1: the shared translator
// contract, then its own wire format and key handling.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startDeeplServer, type DeeplServer } from '../../../test/helpers/deepl-server.js';
import { HttpError, TranslateError, formatError } from '../../errors.js';
import { HttpClient } from '../../http.js';
import { runTranslatorContract } from '../contract.js';
import { DeeplTranslator } from './index.js';

const servers: DeeplServer[] = [];
after(async () => Promise.all(servers.map((server) => server.close())));

const KEY = 'deepl-test-key-0123456789:fx';

function translatorFor(baseUrl: string): DeeplTranslator {
  const client = new HttpClient({ policies: { llm: { backoffMs: 10, maxBackoffMs: 50, retries: 1 } } });
  return new DeeplTranslator({ client, baseUrl, apiKey: KEY });
}

describe('DeeplTranslator', () => {
  runTranslatorContract(
    (url) => translatorFor(url),
    async (reply) => {
      const server = await startDeeplServer(() =>
        reply.content === null ? { text: null } : { text: reply.content },
      );
      return {
        url: server.url,
        // DeepL has no instructions: what is sent besides the text is the language pair.
        requests: () =>
          server.requests.map((request) => ({
            instructions: `${String(request.body['source_lang'])}>${request.targetLang}`,
            source: request.text,
          })),
        close: () => server.close(),
      };
    },
    {
      skip: {
        'reports-usage': 'DeepL reports no token usage (it bills characters)',
      },
    },
  );

  it('POSTs {base}/v2/translate with the DeepL-Auth-Key header and a JSON body', async () => {
    const server = await startDeeplServer(() => ({ text: 'Richtliniengradient' }));
    servers.push(server);
    const result = await translatorFor(`${server.url}/`).translate({
      text: 'Policy gradient',
      kind: 'title',
      lang: 'de',
      notes: ['- policy → Policy'],
    });
    assert.deepEqual(result, { text: 'Richtliniengradient', usage: null });
    const [request] = server.requests;
    assert.equal(request?.path, '/v2/translate');
    assert.equal(request.headers['authorization'], `DeepL-Auth-Key ${KEY}`);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(request.body, { text: ['Policy gradient'], source_lang: 'EN', target_lang: 'DE' });
  });

  for (const [lang, code] of [
    ['zh', 'ZH'],
    ['ja', 'JA'],
    ['ko', 'KO'],
    ['fr', 'FR'],
    ['es', 'ES'],
  ] as const) {
    it(`asks for target_lang ${code} for ${lang}`, async () => {
      const server = await startDeeplServer(() => ({ text: 'x' }));
      servers.push(server);
      await translatorFor(server.url).translate({ text: 'A title', kind: 'title', lang });
      assert.equal(server.requests[0]?.targetLang, code);
    });
  }

  it('cannot write a TL;DR, and says so without a request', async () => {
    const server = await startDeeplServer(() => ({ text: 'x' }));
    servers.push(server);
    const translator = translatorFor(server.url);
    assert.deepEqual(translator.kinds, ['title', 'abstract']);
    await assert.rejects(
      translator.translate({ text: 'A title\n\nAn abstract.', kind: 'tldr', lang: 'zh' }),
      TranslateError,
    );
    assert.equal(server.requests.length, 0);
  });

  it('keeps the key out of errors when DeepL rejects it (403) and does not retry', async () => {
    const server = await startDeeplServer(() => ({ status: 403, body: { message: `Forbidden ${KEY}` } }));
    servers.push(server);
    await assert.rejects(
      translatorFor(server.url).translate({ text: 'x', kind: 'title', lang: 'zh' }),
      (error: unknown) => {
        assert.ok(error instanceof HttpError);
        assert.equal(error.status, 403);
        assert.ok(!`${formatError(error)}${error.body}`.includes('0123456789'));
        return true;
      },
    );
    assert.equal(server.requests.length, 1);
  });
});
