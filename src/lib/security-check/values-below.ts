import { isPair, isScalar, parseDocument, visit as visitYaml } from 'yaml';
import { CREDENTIAL_KEY, credentialValues } from './yaml-key-values.js';

// The values the text scan cannot pair with their credential-named key on one line, read the way
// the platform's parser composes them: what decoded-scalars.ts checks when a YAML file has such a
// key (or the lexer cannot type a file), or a JSON file has one (jsonStrings pairs those token by token).

/** Called for each string scalar: the key it is the value of ('' when none), its value, its source range. */
export type Check = (name: string, value: string, start: number, end: number) => void;

/** The same in JSON: a key whose string is not on its line (`"password":` then the value below). */
const JSON_KEY_LINE = /"([^"\n]{0,200})"(?:[ \t]*\r?\n[ \t\r\n]*:|[ \t]*:[ \t]*\r?\n)/g;

/** Whether `text` has a credential-named key whose value the text scan cannot pair with it. */
export function hasValueBelow(text: string, syntax: 'json' | 'yaml'): boolean {
  if (syntax === 'yaml') {
    if (!CREDENTIAL_KEY.test(text)) return false;
    try {
      credentialValues(text, () => {
        throw FOUND;
      });
    } catch (e) {
      if (e === FOUND) return true;
      throw e;
    }
    return false;
  }
  for (const m of text.matchAll(JSON_KEY_LINE)) if (CREDENTIAL_KEY.test(m[1] as string)) return true;
  return false;
}

const FOUND = Symbol('found');

/**
 * Each credential-named key's string value the text scan cannot pair with it on the key's line, as
 * the composer reads it: on the lines below, a block scalar, a scalar over several lines, one with
 * an anchor or tag, or an alias to a scalar (the anchored scalar's value, wherever it is). From one
 * pass of eemeli/yaml's lexer, so the key is what the grammar says (a plain key with spaces or a
 * `/`, a quoted one with escapes, one in a flow collection over several lines), and a line inside a
 * block scalar or a quoted string is text, never a key. Nothing is composed: a composed document is
 * about 500 bytes per byte of its file, and a key in front of a 1 MB flow sequence composed it.
 * A collection value holds no scalar the rule pairs with this key (its own keys are found here).
 */
export function valuesBelow(text: string, check: Check): void {
  if (CREDENTIAL_KEY.test(text)) credentialValues(text, check);
}

/** Every string scalar of the composed document, and each alias to one, with the key it is the value of. */
export function composedStrings(text: string, check: Check): void {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  const keyOf = (where: unknown, path: readonly unknown[]) => {
    const parent = path[path.length - 1];
    const key = where === 'value' && isPair(parent) && isScalar(parent.key) ? parent.key.value : '';
    return typeof key === 'string' ? key : '';
  };
  visitYaml(doc, {
    Scalar(where, node, path) {
      if (typeof node.value !== 'string' || !node.range) return;
      check(keyOf(where, path), node.value, node.range[0], node.range[1]);
    },
    // `password: *a`: the platform receives the anchored scalar as this key's value.
    Alias(where, node, path) {
      const target = node.resolve(doc);
      if (!isScalar(target) || typeof target.value !== 'string' || !node.range) return;
      check(keyOf(where, path), target.value, node.range[0], node.range[1]);
    },
  });
}
