// The benchmark corpus for `security check`: workflow files (YAML and JSON) and .env files of
// realistic shape and size, with planted secrets of every rule and as many decoys, and the ground
// truth (file, line range, rule) to score scanners against. Deterministic for a given seed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DECOYS, PLANTS, seeded } from './security-check-secrets.mjs';

const WORDS =
  'customer ticket summary classify route escalate refund invoice order shipping priority sentiment language draft reply review approve policy account billing product feature request bug report incident status update context history retrieve search rank answer'.split(
    ' ',
  );
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-3-5-sonnet', 'llama-3.1-70b'];
const SCHEMAS = [
  { type: 'object', properties: { ticket: { type: 'string' } }, required: ['ticket'] },
  { type: 'object', properties: { email: { type: 'string', format: 'email' }, body: { type: 'string' } } },
  {
    type: 'object',
    properties: { order_id: { type: 'string', pattern: '^ord_[0-9]+$' }, amount: { type: 'number' } },
  },
  { type: 'object', properties: { url: { type: 'string', format: 'uri' } }, additionalProperties: false },
];

const sentence = (rng, n) =>
  Array.from({ length: n }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(' ');

/** Filler nodes of a workflow, as objects (serialised as YAML or JSON by the caller). */
function nodes(rng, count) {
  return Array.from({ length: count }, (_, i) => ({
    id: `step_${i}`,
    type: ['llm', 'tool', 'critic', 'condition'][i % 4],
    model: MODELS[i % MODELS.length],
    prompt: `${sentence(rng, 24)} {{input.ticket}}`,
    config: { temperature: 0.2, max_tokens: 512 + i, api_key: '{{secrets.OPENAI_API_KEY}}' },
  }));
}

function yamlNode(n) {
  return [
    `  - id: ${n.id}`,
    `    type: ${n.type}`,
    `    model: ${n.model}`,
    `    prompt: "${n.prompt}"`,
    '    config:',
    `      temperature: ${n.config.temperature}`,
    `      max_tokens: ${n.config.max_tokens}`,
    `      api_key: "${n.config.api_key}"`,
  ];
}

/** One file's lines, with `extra` (planted or decoy lines) inserted after the first node. */
function workflowLines(rng, format, name, size) {
  const count = Math.max(2, Math.round(size / (format === 'yaml' ? 370 : 425)));
  const list = nodes(rng, count);
  const schema = rng() < 0.3 ? SCHEMAS[Math.floor(rng() * SCHEMAS.length)] : undefined;
  if (format === 'yaml') {
    const lines = [`name: ${name}`, 'version: 1'];
    if (schema) lines.push(`input_schema: ${JSON.stringify(schema)}`);
    lines.push('nodes:', ...yamlNode(list[0]), '    settings:');
    const at = lines.length;
    for (const n of list.slice(1)) lines.push(...yamlNode(n));
    lines.push('edges:', ...list.slice(1).map((n, i) => `  - { from: ${list[i].id}, to: ${n.id} }`));
    return { lines, at, indent: '      ', form: 'yaml' };
  }
  const lines = ['{', `  "name": "${name}",`, '  "version": 1,'];
  if (schema) lines.push(`  "input_schema": ${JSON.stringify(schema)},`);
  lines.push('  "nodes": [', `    ${JSON.stringify(list[0]).slice(0, -1)},`, '    "settings": {');
  const at = lines.length;
  lines.push('      "retries": 2', '    }},');
  lines.push(
    ...list.slice(1).map((n, i) => `    ${JSON.stringify(n)}${i < list.length - 2 ? ',' : ''}`),
    '  ],',
  );
  lines.push(
    `  "edges": ${JSON.stringify(list.slice(1).map((n, i) => ({ from: list[i].id, to: n.id })))}`,
    '}',
  );
  return { lines, at, indent: '      ', form: 'json' };
}

function envLines(rng, size) {
  const lines = ['# service settings', 'LOG_LEVEL=info', 'PORT=8080'];
  while (lines.join('\n').length < size) lines.push(`FEATURE_${lines.length}_LABEL="${sentence(rng, 8)}"`);
  return { lines, at: 3, indent: '', form: 'env' };
}

/** A decoy line in a file's syntax. */
function decoyLine(decoy, form) {
  if (form !== 'json')
    return form === 'env' ? decoy.replace(/^([A-Za-z_]+): ?/, (_m, k) => `${k.toUpperCase()}=`) : decoy;
  const [key, ...rest] = decoy.split(': ');
  return `"${key}": ${JSON.stringify(rest.join(': ').replace(/^"|"$/g, ''))},`;
}

/**
 * Write `files` files of about `totalBytes` under `dir`; one in `plantEvery` files gets a planted
 * secret (rules in turn) and as many get a decoy. Returns the ground truth.
 */
export function writeCorpus(dir, { files, totalBytes, seed = 1, plantEvery = 8 }) {
  const rng = seeded(seed);
  const rules = Object.keys(PLANTS);
  const plants = [];
  const decoys = [];
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `team-${i % 50}`, `svc-${Math.floor(i / 50) % 20}`);
    mkdirSync(sub, { recursive: true });
    const roll = i % 20;
    const form = roll < 12 ? 'yaml' : roll < 17 ? 'json' : 'env';
    const name = `wf-${i}`;
    const path = join(sub, form === 'env' ? `${name}.env` : `${name}.${form}`);
    const size = (totalBytes / files) * (0.5 + rng());
    const doc = form === 'env' ? envLines(rng, size) : workflowLines(rng, form, name, size);
    const extra = [];
    if (i % plantEvery === 0) {
      const rule = rules[(i / plantEvery) % rules.length];
      const p = PLANTS[rule](rng);
      const text = form === 'json' ? `${p.json},` : form === 'env' ? p.env : p.yaml;
      extra.push({ kind: 'plant', rule, secret: p.secret, lines: text.split('\n') });
    }
    if (i % plantEvery === Math.floor(plantEvery / 2)) {
      const decoy = DECOYS[((i / plantEvery) % DECOYS.length) | 0];
      extra.push({ kind: 'decoy', decoy, lines: [decoyLine(decoy, form)] });
    }
    let line = doc.at;
    const out = doc.lines.slice(0, doc.at);
    for (const e of extra) {
      const start = line + 1;
      out.push(...e.lines.map((l) => doc.indent + l));
      line += e.lines.length;
      const where = { path, start, end: line };
      if (e.kind === 'plant') plants.push({ ...where, rule: e.rule });
      else decoys.push({ ...where, decoy: e.decoy });
    }
    out.push(...doc.lines.slice(doc.at));
    const text = `${out.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    writeFileSync(path, text);
  }
  return { plants, decoys, bytes };
}
