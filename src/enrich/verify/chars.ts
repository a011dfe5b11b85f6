// ASCII character classes, looked up instead of compared: the checks' scanners run over every character.

export const DIGIT = 1;
export const UPPER = 2;
export const LOWER = 4;
const CHAR_CLASS = new Uint8Array(128);
for (let code = 48; code <= 57; code++) CHAR_CLASS[code] = DIGIT;
for (let code = 65; code <= 90; code++) CHAR_CLASS[code] = UPPER;
for (let code = 97; code <= 122; code++) CHAR_CLASS[code] = LOWER;

export function classOf(code: number): number {
  return code < 128 ? (CHAR_CLASS[code] as number) : 0;
}
export function isDigit(code: number): boolean {
  return classOf(code) === DIGIT;
}
export function isUpper(code: number): boolean {
  return classOf(code) === UPPER;
}
export function isLower(code: number): boolean {
  return classOf(code) === LOWER;
}
export function isAlnum(code: number): boolean {
  return classOf(code) !== 0;
}

export function isThreeDigits(text: string, at: number): boolean {
  return (
    isDigit(text.charCodeAt(at)) &&
    isDigit(text.charCodeAt(at + 1)) &&
    isDigit(text.charCodeAt(at + 2)) &&
    !isAlnum(text.charCodeAt(at + 3))
  );
}

/** `+`, `-`, `−` or `±`. */
export function isSign(code: number): boolean {
  return code === 43 || code === 45 || code === 0x2212 || code === 0xb1;
}
