// The split's walk vouches for an event matching AuditEventSchema only when TypeBox, given the parsed
// event, agrees; anything else it leaves to the parse and check in api/audit.ts. Its ends are
// skipObject's. A schema the walk does not understand is never vouched for.
import { Type } from '@sinclair/typebox';
import { Check } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { AuditEventSchema } from '../../../../src/lib/api/audit.js';
import {
  eventShape,
  type ScanResult,
  scanEvent,
  scanResult,
} from '../../../../src/lib/export/event-shape.js';
import { skipObject } from '../../../../src/lib/export/json-grammar.js';

const SHAPE = eventShape(AuditEventSchema);
const out: ScanResult = scanResult(SHAPE);

/** What the walk says of `text` as one event: its end (or -1) and whether it vouched. */
function walk(text: string | Buffer, shape = SHAPE) {
  if (!shape) throw new Error('no shape');
  const body = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const end = scanEvent(body, 0, shape, out);
  return { end, vouched: out.vouched };
}

const vouches = (text: string) => walk(text).vouched;

/** TypeBox on the parsed event: what `audit logs` decides. */
function typeboxAccepts(text: string): boolean {
  try {
    return Check(AuditEventSchema, JSON.parse(text));
  } catch {
    return false;
  }
}

const REAL =
  '{"id":"evt_2dd608817636d0727dfe8e36","timestamp":"2026-11-04T18:04:17.992Z","event_type":"workflow.execute",' +
  '"workflow_id":"production-pipeline","user_id":"user-789","ip_address":"192.168.1.175","action":"execute",' +
  '"status":"success","duration_ms":4211,"metadata":{"seeded":true,"input_hash":"2dd608817636d072",' +
  '"nodes_executed":["classifier","responder","retriever"]}}';
const NULLS =
  '{"id":"evt_1","timestamp":"2026-11-29T10:00:00Z","event_type":"secret.set","workflow_id":null,"user_id":null,' +
  '"ip_address":null,"action":null,"status":"denied","duration_ms":null,"metadata":{}}';

const withField = (name: string, value: string) =>
  REAL.replace(new RegExp(`"${name}":("[^"]*"|-?\\d+|null|\\{.*\\}(?=\\}$))`), `"${name}":${value}`);

describe('scanEvent: what it vouches for', () => {
  it('vouches for the events the API sends: every field of its kind, in any order, extra fields too', () => {
    expect(vouches(REAL)).toBe(true);
    expect(vouches(NULLS)).toBe(true);
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(REAL)).reverse()));
    expect(vouches(reordered)).toBe(true);
    expect(vouches(REAL.replace('{"id"', '{"extra":[1,{"x":"}"}],"id"'))).toBe(true);
    expect(vouches(withField('duration_ms', '-7'))).toBe(true);
  });

  it('leaves to TypeBox what it cannot tell from the bytes, whatever TypeBox then says', () => {
    // Integers TypeBox accepts, written so that only a parse tells.
    for (const n of ['5.0', '1e3', '-0.0', '1E2']) {
      expect(vouches(withField('duration_ms', n))).toBe(false);
      expect(typeboxAccepts(withField('duration_ms', n))).toBe(true);
    }
    // A field's name written with an escape is that field once parsed.
    const escaped = REAL.replace('"duration_ms":4211', '"duration_ms":4211,"dur\\u0061tion_ms":"=5"');
    expect(vouches(escaped)).toBe(false);
    expect(typeboxAccepts(escaped)).toBe(false);
  });

  it('never vouches for a field of another kind, a missing one, or a repeated one whose last value is wrong', () => {
    const wrong: Array<[string, string]> = [
      ['duration_ms', '"=5"'],
      ['duration_ms', '1.5'],
      ['duration_ms', 'true'],
      ['metadata', '"=7"'],
      ['metadata', '[]'],
      ['metadata', 'null'],
      ['id', 'null'],
      ['id', '7'],
      ['timestamp', '{}'],
      ['status', 'null'],
      ['workflow_id', '[]'],
      ['user_id', 'false'],
    ];
    for (const [name, value] of wrong) {
      const text = withField(name, value);
      expect(text, name).not.toBe(REAL);
      expect(vouches(text), text).toBe(false);
    }
    expect(vouches(REAL.replace('"status":"success",', ''))).toBe(false);
    expect(vouches('{}')).toBe(false);
    // JSON.parse keeps the last of a repeated key, and so does the walk.
    const last = (first: string, second: string) =>
      REAL.replace('"duration_ms":4211', `"duration_ms":${first},"duration_ms":${second}`);
    expect(vouches(last('4211', '"=5"'))).toBe(false);
    expect(typeboxAccepts(last('4211', '"=5"'))).toBe(false);
    expect(vouches(last('"=5"', '4211'))).toBe(true);
    expect(typeboxAccepts(last('"=5"', '4211'))).toBe(true);
  });

  it('ends where skipObject ends, and vouches only for what TypeBox accepts: events changed at random', () => {
    const alphabet = '{}[]",:\\ 0123456789.e-tfnul';
    const pieces = ['null', '"=5"', '5', '5.0', '[]', '{}', 'true', '"x"', '{"a":[1]}', '-3'];
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let vouched = 0;
    let refused = 0;
    for (let k = 0; k < 20000; k++) {
      let text = k % 2 === 0 ? REAL : NULLS;
      if (k % 3 === 0) {
        // A value swapped for another kind's, or a field dropped or repeated.
        const fields = Object.keys(JSON.parse(text));
        const name = fields[random(fields.length)] as string;
        const choice = random(pieces.length + 2);
        if (choice === pieces.length) text = text.replace(new RegExp(`"${name}":[^,]*,`), '');
        else if (choice === pieces.length + 1) text = text.replace('{', `{"${name}":"=1",`);
        else
          text = text.replace(new RegExp(`"${name}":("[^"]*"|-?\\d+|null)`), `"${name}":${pieces[choice]}`);
      } else {
        const bytes = Buffer.from(text);
        for (let m = 1 + random(2); m > 0; m--)
          bytes[random(bytes.length)] = alphabet.charCodeAt(random(alphabet.length));
        text = bytes.toString('latin1');
      }
      const body = Buffer.from(text, 'latin1');
      const r = walk(body);
      expect(r.end, text).toBe(skipObject(body, 0));
      if (r.end === -1) continue;
      const event = body.toString('latin1', 0, r.end);
      if (r.vouched) {
        vouched++;
        expect(typeboxAccepts(event), event).toBe(true);
      } else if (!typeboxAccepts(event)) refused++;
    }
    // Both sides are exercised: not everything vouched for, not everything refused.
    expect(vouched).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
  });
});

describe('eventShape: a schema the walk does not understand is never vouched for', () => {
  const event = '{"id":"evt_1","n":5}';

  it('a field with a pattern, a length or a bound: that field never vouched', () => {
    for (const id of [
      Type.String({ pattern: '^evt_' }),
      Type.String({ minLength: 1 }),
      Type.String({ format: 'uuid' }),
    ]) {
      const shape = eventShape(Type.Object({ id, n: Type.Integer() }));
      expect(walk(event, shape).vouched).toBe(false);
    }
    const bounded = eventShape(Type.Object({ id: Type.String(), n: Type.Integer({ maximum: 3 }) }));
    expect(walk(event, bounded).vouched).toBe(false);
    expect(walk(event, eventShape(Type.Object({ id: Type.String(), n: Type.Integer() }))).vouched).toBe(true);
  });

  it('an object refusing extra fields, or bounding their number: no shape at all', () => {
    expect(eventShape(Type.Object({ id: Type.String() }, { additionalProperties: false }))).toBeNull();
    expect(eventShape(Type.Object({ id: Type.String() }, { minProperties: 1 }))).toBeNull();
  });

  it('an optional field may be absent, but is checked when present', () => {
    const shape = eventShape(Type.Object({ id: Type.String(), n: Type.Optional(Type.Integer()) }));
    expect(walk('{"id":"evt_1"}', shape).vouched).toBe(true);
    expect(walk('{"id":"evt_1","n":"5"}', shape).vouched).toBe(false);
  });
});
