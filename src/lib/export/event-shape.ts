/**
 * An event's schema check done by the split's own grammar walk (raw-page.ts), on the bytes, with no
 * parse: where the walk reads each top-level key of an event, it also notes what kind of value
 * follows (a string, null, an integer, an object), and the event is known to match the schema when
 * every required field came with a value of its kind.
 *
 * Why: since H15-7 every exported event is held to AuditEventSchema, as `audit logs` holds it. Done
 * as a JSON.parse of each event's text and a compiled TypeBox check, it took an export of 1,000,000
 * events from 2.9 to 5.2 s of CPU, most of it the parse and the garbage it leaves (bench/RESULTS.md).
 * This way the bytes are read once, as before H15-7.
 *
 * Only a "yes" is given here, never a "no": an event the walk cannot vouch for (a key written with an
 * escape, a number such as `5.0` or `1e3`, a field missing or of another kind) is parsed and checked
 * by TypeBox as before (api/audit.ts), which gives the error `audit logs` gives. So the walk needs to
 * be exact only in one direction: what it vouches for, TypeBox accepts (a test holds it to that over
 * randomly damaged events). The table of kinds is read from the schema itself, and a field whose
 * schema says anything the walk does not understand (a pattern, a length, another format) is never
 * vouched for: a change to the schema makes the export slower, not laxer.
 */
import { FormatRegistry, Kind, type TObject, type TSchema } from '@sinclair/typebox';
import { skipBlank, skipString, skipValue } from './json-grammar.js';

const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const N = 0x6e;

/** What the walk can tell of a value from its bytes. 0: nothing (never vouched). */
const UNKNOWN = 0;
const STRING = 1;
const INTEGER = 2;
const OBJECT = 4;
const NULL = 8;

/** The fields of an object schema as the walk reads them: names as bytes, kinds as bit sets. */
export interface EventShape {
  readonly names: readonly Buffer[];
  /** Per field, the kinds of value that match (STRING | NULL, …); UNKNOWN when none can be vouched. */
  readonly kinds: Uint8Array;
  /** The bit of every required field. */
  readonly required: number;
}

/** String keys a schema may carry that change nothing the walk decides. */
const HARMLESS = new Set(['type', 'description', 'title']);

function onlyHarmless(schema: TSchema, more: readonly string[] = []): boolean {
  return Object.keys(schema).every((k) => HARMLESS.has(k) || more.includes(k));
}

/**
 * `date-time` only while the registry accepts any string for it (api/check.ts registers it so): a
 * real format check would have to run on the value, which the walk does not read.
 */
function anyStringIsDateTime(): boolean {
  const format = FormatRegistry.Get('date-time');
  return format !== undefined && format('') === true && format('not a date') === true;
}

/** The kinds of value a field schema accepts, as far as the walk can tell them. */
function kindsOf(schema: TSchema): number {
  switch (schema[Kind]) {
    case 'String':
      if (onlyHarmless(schema)) return STRING;
      return onlyHarmless(schema, ['format']) && schema.format === 'date-time' && anyStringIsDateTime()
        ? STRING
        : UNKNOWN;
    case 'Integer':
      return onlyHarmless(schema) ? INTEGER : UNKNOWN;
    case 'Null':
      return onlyHarmless(schema) ? NULL : UNKNOWN;
    case 'Union': {
      if (!onlyHarmless(schema, ['anyOf'])) return UNKNOWN;
      let kinds = 0;
      for (const branch of schema.anyOf as TSchema[]) {
        const k = kindsOf(branch);
        if (k === UNKNOWN) return UNKNOWN;
        kinds |= k;
      }
      return kinds;
    }
    case 'Record': {
      // Any object, whatever its keys and values: every value schema is Unknown.
      if (!onlyHarmless(schema, ['patternProperties', 'additionalProperties'])) return UNKNOWN;
      const values = [...Object.values(schema.patternProperties ?? {}), schema.additionalProperties];
      return values.every((v) => v === undefined || (v as TSchema)[Kind] === 'Unknown') ? OBJECT : UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/**
 * The walk's table for an object schema, or null when it cannot vouch for any object of it (extra
 * keys refused, a bound on the number of keys, more fields than bits).
 */
export function eventShape(schema: TObject): EventShape | null {
  if (schema[Kind] !== 'Object' || !onlyHarmless(schema, ['properties', 'required'])) return null;
  const entries = Object.entries(schema.properties);
  if (entries.length > 30) return null;
  const required = new Set(schema.required ?? []);
  let requiredBits = 0;
  entries.forEach(([name], i) => {
    if (required.has(name)) requiredBits |= 1 << i;
  });
  return {
    names: entries.map(([name]) => Buffer.from(name, 'utf8')),
    kinds: Uint8Array.from(entries, ([, s]) => kindsOf(s)),
    required: requiredBits,
  };
}

/** Whether the key between `start` and `end` (its quotes excluded) is `name`, byte for byte. */
function keyIs(body: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (body[start + k] !== name[k]) return false;
  return true;
}

/** The kind of the value at `at`, whose grammar the walk has checked up to `end`. */
function kindAt(body: Buffer, at: number, end: number): number {
  const c = body[at] as number;
  if (c === QUOTE) return STRING;
  if (c === OPEN_BRACE) return OBJECT;
  if (c === N) return NULL;
  // An integer written as digits only (a JSON number with neither `.` nor an exponent is one).
  let i = c === MINUS ? at + 1 : at;
  if (i === end) return UNKNOWN;
  for (; i < end; i++) {
    const d = body[i] as number;
    if (d < ZERO || d > NINE) return UNKNOWN;
  }
  return INTEGER;
}

/** Whether the bytes between `start` and `end` hold a backslash (an escape). */
function escapes(body: Buffer, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (body[k] === BACKSLASH) return true;
  return false;
}

/** What scanEvent found besides the end: one object for every call, not one per event. */
export interface ScanResult {
  /** The object walked is one `shape` vouches for (the schema accepts it once parsed). */
  vouched: boolean;
  /**
   * Per field of `shape`, the start and end (exclusive) of its value's JSON text, the last one when
   * a key is repeated (as JSON.parse keeps it); set for every field of a vouched object. Read by the
   * export's filter check (api/audit.ts) so that it looks at the bytes already walked, with no parse.
   */
  spans: Int32Array;
}

/** A ScanResult for `shape`. */
export function scanResult(shape: EventShape | null): ScanResult {
  return { vouched: false, spans: new Int32Array(shape ? 2 * shape.names.length : 0) };
}

/**
 * Index just past the JSON object at `at` (its `{`), or -1 when it is not one (the same answers as
 * json-grammar's skipObject); `out.vouched` then says whether it matches `shape`.
 */
export function scanEvent(body: Buffer, at: number, shape: EventShape, out: ScanResult): number {
  out.vouched = false;
  if (body[at] !== OPEN_BRACE) return -1;
  const { names, kinds } = shape;
  let seen = 0;
  let bad = 0;
  let unsure = false;
  let guess = 0;
  let i = skipBlank(body, at + 1);
  if (body[i] !== CLOSE_BRACE) {
    for (;;) {
      if (body[i] !== QUOTE) return -1;
      const keyEnd = skipString(body, i);
      if (keyEnd === -1) return -1;
      const keyStart = i + 1;
      i = skipBlank(body, keyEnd);
      if (body[i] !== COLON) return -1;
      const valueAt = skipBlank(body, i + 1);
      i = skipValue(body, valueAt, 1);
      if (i === -1) return -1;
      // The fields come in the schema's order: the one after the last found is tried first.
      let field =
        guess < names.length && keyIs(body, keyStart, keyEnd - 1, names[guess] as Buffer) ? guess : -1;
      for (let f = 0; field === -1 && f < names.length; f++)
        if (f !== guess && keyIs(body, keyStart, keyEnd - 1, names[f] as Buffer)) field = f;
      if (field !== -1) {
        guess = field + 1;
        const bit = 1 << field;
        seen |= bit;
        out.spans[2 * field] = valueAt;
        out.spans[2 * field + 1] = i;
        // A repeated key: JSON.parse keeps the last value, and so does this.
        if ((kindAt(body, valueAt, i) & (kinds[field] as number)) !== 0) bad &= ~bit;
        else bad |= bit;
      } else if (escapes(body, keyStart, keyEnd - 1)) {
        // `"dur\u0061tion_ms"` is a field once parsed: TypeBox decides.
        unsure = true;
      }
      i = skipBlank(body, i);
      const c = body[i];
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return -1;
      i = skipBlank(body, i + 1);
    }
  }
  out.vouched = !unsure && bad === 0 && (seen & shape.required) === shape.required;
  return i + 1;
}
