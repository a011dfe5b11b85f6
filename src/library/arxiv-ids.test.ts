// Input → expected tables for finding arXiv ids in references and in free text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findArxivReference, parseArxivReference } from './arxiv-ids.js';

describe('parseArxivReference', () => {
  const cases: [string, string | null][] = [
    ['2501.01234', '2501.01234'],
    ['2501.01234v3', '2501.01234'],
    ['  1706.03762 ', '1706.03762'],
    ['0704.0001', '0704.0001'],
    ['hep-th/9711200', 'hep-th/9711200'],
    ['hep-th/9711200v3', 'hep-th/9711200'],
    ['math.AG/0101001', 'math.AG/0101001'],
    ['cond-mat/0001001v1', 'cond-mat/0001001'],
    ['arXiv:2501.01234', '2501.01234'],
    ['arxiv: 2501.01234v2', '2501.01234'],
    ['https://arxiv.org/abs/2501.01234', '2501.01234'],
    ['http://arxiv.org/abs/2501.01234v2', '2501.01234'],
    ['https://arxiv.org/pdf/2501.01234v2', '2501.01234'],
    ['https://arxiv.org/pdf/2501.01234v2.pdf', '2501.01234'],
    ['https://export.arxiv.org/abs/hep-th/9711200', 'hep-th/9711200'],
    ['https://www.arxiv.org/abs/2501.01234/', '2501.01234'],
    ['arxiv.org/html/2501.01234v1', '2501.01234'],
    ['10.48550/arXiv.2501.01234', '2501.01234'],
    ['10.48550/ARXIV.2501.01234', '2501.01234'],
    ['https://doi.org/10.48550/arXiv.1706.03762', '1706.03762'],
    ['', null],
    ['1706.376', null],
    ['HEP-TH/9711200', null],
    ['10.1038/nature24270', null],
    ['https://example.org/abs/2501.01234', null],
    ['see arXiv:2501.01234', null],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)} as ${String(expected)}`, () => {
      assert.equal(parseArxivReference(input), expected);
    });
  }
});

describe('findArxivReference', () => {
  const cases: [string, string | null][] = [
    ['arXiv preprint arXiv:2501.12948', '2501.12948'],
    ['arXiv:1706.03762 [cs]', '1706.03762'],
    ['Preprint at https://arxiv.org/abs/2303.04137v5 (2023)', '2303.04137'],
    ['doi: 10.48550/arXiv.1504.00702', '1504.00702'],
    ['arXiv: hep-th/9711200', 'hep-th/9711200'],
    ['pages 2402.12345', null],
    ['Nature 550, 354', null],
    ['myarXiv:2501.01234', null],
  ];
  for (const [input, expected] of cases) {
    it(`finds ${String(expected)} in ${JSON.stringify(input)}`, () => {
      assert.equal(findArxivReference(input), expected);
    });
  }
});
