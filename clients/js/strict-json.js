// A strict JSON reader for receipts, so that the JS verifier reads a receipt file exactly as the
// CLI's serde does: integers only (no fraction, exponent or minus sign; at most 2^53 − 1 here),
// no unpaired UTF-16 surrogate escapes, no control characters in strings, and no key twice in one
// object — except inside `proven`, which both verifiers read as a free JSON value (the last
// occurrence wins, as in serde_json's `Value`). Objects have no prototype, so a `"__proto__"` key
// is an ordinary key.

export class StrictJsonError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Parses `text`; `duplicatesAllowed(path)` says where a repeated key keeps its last value. */
export function parseStrictJson(text, duplicatesAllowed = () => false) {
  let i = 0;
  const error = (what) => { throw new StrictJsonError(`${what} at offset ${i}`); };
  const skip = () => { while (i < text.length && WHITESPACE.has(text[i])) i++; };
  const expect = (word) => {
    if (text.slice(i, i + word.length) !== word) error(`expected ${word}`);
    i += word.length;
  };

  function string() {
    expect('"');
    let out = '';
    for (;;) {
      if (i >= text.length) error('unterminated string');
      const c = text[i++];
      if (c === '"') return out;
      if (c < ' ') error('control character in a string');
      if (c !== '\\') { out += c; continue; }
      const e = text[i++];
      const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e];
      if (simple !== undefined) { out += simple; continue; }
      if (e !== 'u') error('bad escape');
      const unit = () => {
        const hex = text.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) error('bad \\u escape');
        i += 4;
        return parseInt(hex, 16);
      };
      const first = unit();
      if (first >= 0xdc00 && first <= 0xdfff) error('unpaired surrogate escape');
      if (first >= 0xd800 && first <= 0xdbff) {
        if (text.slice(i, i + 2) !== '\\u') error('unpaired surrogate escape');
        i += 2;
        const second = unit();
        if (second < 0xdc00 || second > 0xdfff) error('unpaired surrogate escape');
        out += String.fromCharCode(first, second);
      } else {
        out += String.fromCharCode(first);
      }
    }
  }

  function number() {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!match) error('bad value');
    if (match[0].startsWith('-') || match[2] || match[3]) error(`${match[0]} is not a non-negative integer`);
    const value = Number(match[0]);
    if (!Number.isSafeInteger(value)) error(`${match[0]} is beyond this verifier's integers (2^53 − 1)`);
    i += match[0].length;
    return value;
  }

  function value(path) {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const object = Object.create(null);
      skip();
      if (text[i] === '}') { i++; return object; }
      for (;;) {
        skip();
        const key = string();
        if (Object.hasOwn(object, key) && !duplicatesAllowed([...path, key])) error(`the key "${key}" appears twice`);
        skip();
        expect(':');
        object[key] = value([...path, key]);
        skip();
        if (text[i] === ',') { i++; continue; }
        expect('}');
        return object;
      }
    }
    if (c === '[') {
      i++;
      const array = [];
      skip();
      if (text[i] === ']') { i++; return array; }
      for (;;) {
        array.push(value([...path, array.length]));
        skip();
        if (text[i] === ',') { i++; continue; }
        expect(']');
        return array;
      }
    }
    if (c === '"') return string();
    if (c === 't') { expect('true'); return true; }
    if (c === 'f') { expect('false'); return false; }
    if (c === 'n') { expect('null'); return null; }
    return number();
  }

  const result = value([]);
  skip();
  if (i !== text.length) error('trailing characters');
  return result;
}
