import { describe, expect, it } from 'vitest';
import {
  isValidWorkflowPattern,
  patternCovers,
  uncoveredPatterns,
  WORKFLOW_NAME,
} from '../../../src/emulator/keys/patterns.js';
import { canonicalJson, inputHash, nodeNames } from '../../../src/emulator/workflows/execute.js';

describe('patternCovers: a new key pattern must be covered by one of the creator’s', () => {
  it('lets production/* hand out production/etl and production/*, nothing wider', () => {
    expect(patternCovers('production/*', 'production/etl')).toBe(true);
    expect(patternCovers('production/*', 'production/*')).toBe(true);
    expect(patternCovers('production/*', 'production/etl-*')).toBe(true);
    expect(patternCovers('production/*', '*')).toBe(false);
    expect(patternCovers('production/*', '**')).toBe(false);
    expect(patternCovers('production/*', 'production/**')).toBe(false);
    expect(patternCovers('production/*', 'production/etl/nightly')).toBe(false);
    expect(patternCovers('production/*', 'staging/*')).toBe(false);
    expect(patternCovers('production/*', '*/etl')).toBe(false);
  });

  it('lets ** cover everything, and production/** cover anything under production', () => {
    for (const p of ['*', '**', 'a/b/c', '*/x/**', 'production/**'])
      expect(patternCovers('**', p)).toBe(true);
    expect(patternCovers('production/**', 'production/etl/nightly')).toBe(true);
    expect(patternCovers('production/**', 'production/*/x/**')).toBe(true);
    expect(patternCovers('production/**', 'staging/etl')).toBe(false);
    expect(patternCovers('production/**', '**')).toBe(false);
  });

  it('compares wildcards within a segment exactly', () => {
    expect(patternCovers('etl*', 'etl-nightly*')).toBe(true);
    expect(patternCovers('etl-*', 'etl*')).toBe(false);
    expect(patternCovers('*', 'etl')).toBe(true);
    expect(patternCovers('etl', '*')).toBe(false);
    expect(patternCovers('*a*', '*a')).toBe(true);
    expect(patternCovers('a*', '*a')).toBe(false);
  });

  it('reports the requested patterns no granted one covers', () => {
    expect(uncoveredPatterns(['production/*', 'shared/**'], ['production/etl', 'shared/x/y', '*'])).toEqual([
      '*',
    ]);
    expect(uncoveredPatterns([], ['x'])).toEqual(['x']);
  });
});

describe('pattern and name grammar', () => {
  it('accepts segments of name characters with * wildcards, and ** alone as a segment', () => {
    for (const p of ['*', '**', 'production/*', 'production/**', 'a/*-etl/b.c_d']) {
      expect(isValidWorkflowPattern(p)).toBe(true);
    }
  });

  it('refuses braces, classes, ?, .., empty segments and ** inside a segment', () => {
    for (const p of ['', '{a,b}', '[ab]', 'a?', 'production/../x', './x', 'a//b', 'a**', '**x/y', '/x']) {
      expect(isValidWorkflowPattern(p)).toBe(false);
    }
  });

  it('accepts workflow names of plain segments only', () => {
    expect(WORKFLOW_NAME.test('production/etl')).toBe(true);
    expect(WORKFLOW_NAME.test('etl.v2')).toBe(true);
    for (const n of ['production/../staging/x', '/etl', 'etl/', '.hidden', 'a*', 'a b']) {
      expect(WORKFLOW_NAME.test(n)).toBe(false);
    }
  });
});

describe('execution helpers', () => {
  it('hashes the canonical JSON of the input, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(inputHash({ a: 1, b: 2 })).toBe(inputHash({ b: 2, a: 1 }));
    // sha256('{"a":1}')
    expect(inputHash({ a: 1 })).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });

  it('takes node names (or ids) from the definition, in order', () => {
    expect(nodeNames({ nodes: [{ name: 'classifier' }, { id: 'responder' }, { type: 'x' }] })).toEqual([
      'classifier',
      'responder',
    ]);
    expect(nodeNames({})).toEqual([]);
    expect(nodeNames(null)).toEqual([]);
  });
});
