// The translate stage's per-run report: how each check fared (passed at once, on retry, kept marked), the cache,
// the requests and the tokens. Pure counting; translate.ts fills it, the CLI prints it, the digest JSON keeps it.

import type { TranslationReport } from '../model.js';
import { CHECK_NAMES, type CheckFailure } from './verify/types.js';

export function emptyReport(): TranslationReport {
  return {
    checked: 0,
    passed: 0,
    passedOnRetry: 0,
    marked: 0,
    fromCache: 0,
    cachedMarked: 0,
    byCheck: Object.fromEntries(
      CHECK_NAMES.map((check) => [check, { passed: 0, passedOnRetry: 0, marked: 0 }]),
    ),
    requests: 0,
    promptTokens: 0,
    completionTokens: 0,
    skippedByBudget: 0,
  };
}

/**
 * Counts one checked text: `first` are the first answer's failures, `kept` those of the answer kept (the first
 * again when there was no retry). A check that `first` passed counts as passed; one it failed counts as passed on
 * retry when `kept` passes it, else as marked.
 */
export function countChecked(
  report: TranslationReport,
  first: readonly CheckFailure[],
  kept: readonly CheckFailure[],
): void {
  report.checked++;
  if (first.length === 0) report.passed++;
  else if (kept.length === 0) report.passedOnRetry++;
  else report.marked++;
  for (const check of CHECK_NAMES) {
    const counts = report.byCheck[check];
    if (!counts) continue;
    if (!first.some((failure) => failure.check === check)) counts.passed++;
    else if (kept.some((failure) => failure.check === check)) counts.marked++;
    else counts.passedOnRetry++;
  }
}

/** `acronyms 40 ok, 2 on retry, 1 marked; glossary ...`: the checks that failed anything, for the run's summary. */
export function formatReportChecks(report: TranslationReport): string {
  const parts = Object.entries(report.byCheck)
    .filter(([, counts]) => counts.passedOnRetry + counts.marked > 0)
    .map(
      ([check, counts]) =>
        `${check} ${counts.passed} ok, ${counts.passedOnRetry} on retry, ${counts.marked} marked`,
    );
  return parts.length === 0 ? 'every check passed' : parts.join('; ');
}
