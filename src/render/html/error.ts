// The error page: the status, what went wrong and how to fix it, in the site's frame. Pure.
import { renderPage, type ReadingMode } from './layout.js';
import { html } from './markup.js';
import { HOME_PATH } from './urls.js';

export interface ErrorPageData {
  status: number;
  message: string;
  hint: string | null;
}

export function renderErrorPage(data: ErrorPageData, context: { mode: ReadingMode; path: string }): string {
  const title =
    data.status === 404 ? 'Not found' : data.status < 500 ? 'Bad request' : 'Something went wrong';
  const hint = data.hint === null ? '' : html`<p class="muted">${data.hint}</p>`;
  const body = html`<h1>${data.status} · ${title}</h1><p class="notice">${data.message}</p>${hint}<p><a href="${HOME_PATH}">Back to the latest digests</a></p>`;
  return renderPage({ title, mode: context.mode, path: context.path }, body);
}
