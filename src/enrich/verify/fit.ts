// The checks that the translation fits its source as a whole: a plausible length, the right language.

import type { Lang } from '../../model.js';
import type { SourceFacts } from './source.js';
import type { TranslationFacts } from './translation.js';
import type { CheckFailure, VerifyInput } from './types.js';

const LENGTH_BANDS: Partial<Record<Lang, { title: [number, number]; abstract: [number, number] }>> = {
  // zh measured on the 86 example pairs: faithful abstracts 0.26-0.38, padded ones 0.43-0.44, titles 0.21-0.35.
  zh: { title: [0.1, 0.8], abstract: [0.18, 0.42] },
  // ja, ko, fr, de, es: estimates, not yet measured on real translations.
  ja: { title: [0.12, 1.2], abstract: [0.22, 0.7] },
  ko: { title: [0.1, 0.9], abstract: [0.18, 0.5] },
  fr: { title: [0.5, 2.5], abstract: [0.8, 1.7] },
  de: { title: [0.5, 2.5], abstract: [0.8, 1.7] },
  es: { title: [0.5, 2.5], abstract: [0.8, 1.7] },
};
const MIN_LETTERS_FOR_LENGTH = 20;
const SHORT_TEXT_LETTERS = 200;

function targetChars(target: TranslationFacts, source: SourceFacts, lang: Lang): number {
  if (lang === 'zh') return target.han;
  if (lang === 'ja') return target.han + target.kana;
  if (lang === 'ko') return target.hangul;
  return Math.max(0, target.latin - source.identifierLetters);
}

export function checkLength(
  source: SourceFacts,
  target: TranslationFacts,
  input: VerifyInput,
  failures: CheckFailure[],
) {
  if (input.translation.trim() === '') {
    failures.push({
      check: 'length',
      detail: 'The translation is empty; translate the whole text.',
      missing: [],
    });
    return;
  }
  // A short text's ratio is noisy: judge it with the generous title band whatever its kind.
  const kind = source.plainLetters < SHORT_TEXT_LETTERS || input.kind === 'tldr' ? 'title' : input.kind;
  const band = LENGTH_BANDS[input.lang]?.[kind];
  if (!band || source.plainLetters < MIN_LETTERS_FOR_LENGTH) return;
  const ratio = targetChars(target, source, input.lang) / source.plainLetters;
  const [min, max] = band;
  if (ratio < min) {
    failures.push({
      check: 'length',
      detail: `The translation is too short for its source (ratio ${ratio.toFixed(2)}, expected at least ${min}); translate the whole text, leaving nothing out.`,
      missing: [],
    });
  } else if (ratio > max) {
    failures.push({
      check: 'length',
      detail: `The translation is too long for its source (ratio ${ratio.toFixed(2)}, expected at most ${max}); translate only what the source says, with no notes or additions.`,
      missing: [],
    });
  }
}

const LANG_NAMES: Record<Lang, string> = {
  en: 'English',
  zh: 'Simplified Chinese',
  ja: 'Japanese',
  ko: 'Korean',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
};
const MIN_SCRIPT_SHARE = 0.5;
const WORDS = /[a-zà-ÿ]+/g;
const ENGLISH_WORDS = new Set(
  'the and of to is are we with for that this from by on our which these show'.split(' '),
);
const FUNCTION_WORDS: Partial<Record<Lang, ReadonlySet<string>>> = {
  fr: new Set(
    'le la les des du de et une un pour dans avec est sont que qui sur nous par ces au aux'.split(' '),
  ),
  de: new Set(
    'der die das und ist mit für von den dem ein eine wir zu auf sind im des sich nicht'.split(' '),
  ),
  es: new Set('el la los las de del y en con para una un que es por se su nuestro al este esta'.split(' ')),
};

export function checkLanguage(
  source: SourceFacts,
  target: TranslationFacts,
  input: VerifyInput,
  failures: CheckFailure[],
) {
  if (input.lang === 'en') return;
  const name = LANG_NAMES[input.lang];
  if (source.plainLetters >= 8 && input.translation.trim() === input.source.trim()) {
    failures.push({
      check: 'language',
      detail: `The translation repeats the source; write it in ${name}.`,
      missing: [],
    });
    return;
  }
  const problem = scriptProblem(source, target, input);
  if (problem) failures.push({ check: 'language', detail: `${problem}; write it in ${name}.`, missing: [] });
}

function scriptProblem(source: SourceFacts, target: TranslationFacts, input: VerifyInput): string | null {
  const latin = Math.max(0, target.latin - source.identifierLetters);
  const share = (own: number) => (own + latin === 0 ? 1 : own / (own + latin));
  switch (input.lang) {
    case 'zh':
      return target.han + latin >= 8 && share(target.han) < MIN_SCRIPT_SHARE
        ? 'The translation is mostly not Chinese'
        : null;
    case 'ja': {
      const own = target.han + target.kana;
      if (own + latin >= 8 && share(own) < MIN_SCRIPT_SHARE) return 'The translation is mostly not Japanese';
      return own >= 30 && target.kana < own * 0.05
        ? 'The translation has no kana: it reads as Chinese'
        : null;
    }
    case 'ko':
      return target.hangul + latin >= 8 && share(target.hangul) < MIN_SCRIPT_SHARE
        ? 'The translation is mostly not Korean'
        : null;
    default:
      return latinLanguageProblem(input.translation, input.lang);
  }
}

function latinLanguageProblem(translation: string, lang: Lang): string | null {
  const own = FUNCTION_WORDS[lang];
  if (!own) return null;
  let english = 0;
  let native = 0;
  for (const match of translation.toLowerCase().matchAll(WORDS)) {
    if (own.has(match[0])) native++;
    else if (ENGLISH_WORDS.has(match[0])) english++;
  }
  return english >= 3 && english > native ? 'The translation is mostly English' : null;
}
