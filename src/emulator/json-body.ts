import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';

// Request bodies: JSON in UTF-8 and nothing else (docs/api.md). Bytes that are not UTF-8 are refused,
// never decoded with U+FFFD in their place and stored as if the client had sent that.

/** Deepest JSON nesting accepted in a request body (400 deeper): no API body needs more. */
export const MAX_JSON_DEPTH = 32;

/** Whether JSON text nests deeper than `max`, scanned before parsing so a hostile body costs little. */
export function exceedsJsonDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash skips the escaped character; a quote ends the string.
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

// fatal: overlong forms, surrogate code points (ED A0 80), truncated sequences and stray bytes all
// throw. A leading BOM is dropped, as JSON parsers do.
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Where a parsed body holds a string (or key) with a lone surrogate, which `\ud800` escapes can
 * spell in valid JSON but no UTF-8 text can hold (SQLite would store U+FFFD instead); null if none.
 */
export function loneSurrogateAt(
  value: unknown,
  path: Array<string | number> = [],
): Array<string | number> | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const key = Array.isArray(value) ? Number(k) : k;
    if (LONE_SURROGATE.test(k)) return [...path, key];
    const found = loneSurrogateAt(v, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * Valid JSON the parser refuses (secure-json-parse, protoAction/constructorAction 'error'): a key
 * that could reach an object's prototype. Said as such, not as "malformed JSON body", which sent a
 * user looking for a syntax error in `--input '{"__proto__":{}}'` (newcomer s14).
 */
export const PROTOTYPE_KEY_DETAIL =
  'the JSON body holds a "__proto__" key, or a "constructor" key holding "prototype": the server refuses either';

/**
 * Whether text is JSON to a plain parser: Fastify answers every refusal as one
 * FST_ERR_CTP_INVALID_JSON_BODY (the prototype one's message dropped), so a refused text that
 * parses here was refused for a prototype key.
 */
function isPlainJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The only body parser: `application/json`, strictly UTF-8 (400 otherwise), at most MAX_JSON_DEPTH
 * deep (400), no lone surrogates (422 at the string's `loc`). Other media types are 415. A bodiless
 * request that still says `Content-Type: application/json` (some clients always do) has no body.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(new ApiError(400, 'request body is not valid UTF-8'), undefined);
      return;
    }
    if (text === '') {
      done(null, undefined);
      return;
    }
    if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) {
      done(
        new ApiError(
          400,
          `JSON body nests deeper than ${MAX_JSON_DEPTH} levels, counting the body's own object (its input_data or definition is the second)`,
        ),
        undefined,
      );
      return;
    }
    parseJson(request, text, (error, value) => {
      if (error) {
        done(isPlainJson(text) ? new ApiError(400, PROTOTYPE_KEY_DETAIL) : error, undefined);
        return;
      }
      const at = error ? null : loneSurrogateAt(value);
      if (at === null) {
        done(error, value);
        return;
      }
      const msg = 'String should be valid Unicode text (a lone surrogate cannot be stored as UTF-8)';
      done(new ApiError(422, [{ loc: ['body', ...at], msg, type: 'string_unicode' }]), undefined);
    });
  });
}
