import { describe, expect, it } from 'vitest';
import { PageGuard, WINDOW } from '../../../../src/lib/api/page-guard.js';

const byId = (w: { id: string }) => w.id;
const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `wf_${from + i}` }));

describe('PageGuard', () => {
  it('a skip/limit page that repeats one of the page before is refused, in the audit pager’s words', () => {
    const g = new PageGuard('/w');
    g.offset(ids(0, 100), byId);
    // Shifted by half a page: its first item is no page edge, but it repeats the page before.
    expect(() => g.offset(ids(50, 100), byId)).toThrow('the server returned the same items twice for /w');
  });

  it('a skip/limit page that starts with an earlier page’s first item is refused', () => {
    const g = new PageGuard('/w');
    g.offset(ids(0, 2), byId);
    g.offset(ids(2, 2), byId);
    expect(() => g.offset(ids(0, 2), byId)).toThrow('the same items twice');
  });

  it('a walk past its page cap ends, whatever its pages hold', () => {
    const g = new PageGuard('/w', 3);
    for (let i = 0; i < 3; i++) g.keyset({ n: i }, { n: i }, `c${i}`, false);
    expect(() => g.keyset({ n: 9 }, { n: 9 }, 'c9', false)).toThrow(
      'the server returned more than 3 pages for /w',
    );
  });

  it('a cursor given again, or the one a resume started from, is refused', () => {
    const g = new PageGuard('/a');
    g.start('start');
    g.keyset({ n: 1 }, { n: 1 }, 'c1', false);
    expect(() => g.keyset({ n: 2 }, { n: 2 }, 'start', false)).toThrow(
      'the server returned the same cursor twice for /a',
    );
  });

  it('remembers a bounded window: a repeat further back than WINDOW is left to the page cap', () => {
    const g = new PageGuard('/a');
    g.keyset({ n: 0 }, { n: 0 }, 'c0', false);
    for (let i = 1; i <= WINDOW; i++) g.keyset({ n: i }, { n: i }, `c${i}`, false);
    // c0 has been forgotten: no Set grows with the walk.
    expect(() => g.keyset({ n: -1 }, { n: -1 }, 'c0', false)).not.toThrow();
    expect(g.refusesCursor(`c${WINDOW}`)).toBe(true);
  });
});
