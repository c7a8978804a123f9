/**
 * The one guard of every paged read (the audit cursor walk, workflows' skip/limit pages): a walk
 * that stops moving forward ends with an error instead of being followed forever. A page that
 * repeats an item this walk already had, a cursor it already gave, and a walk past MAX_PAGES
 * pages are the server's fault (docs/api.md: no item is returned twice). Memory stays flat: only
 * the last WINDOW marks are remembered, and a skip/limit walk compares a page with the one before.
 */
import { createHash } from 'node:crypto';
import { CliError } from '../errors.js';

/** Pages a walk may take: 1000 million events at the largest page, far past any real list. */
export const MAX_PAGES = 1_000_000;
/** Cursors and page edges remembered: a repeat further back is stopped by MAX_PAGES. */
export const WINDOW = 4096;

/** A cursor or an item as remembered: a digest, so a server's long cursors cost 16 bytes each. */
export function digest(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('base64').slice(0, 22);
}

/** An item's content (an object, or its JSON text as bytes when pages are split raw), digested. */
export function itemMark(item: unknown): string {
  return digest(item instanceof Uint8Array ? item : (JSON.stringify(item) ?? String(item)));
}

/** A set that forgets its oldest entries past `size` (insertion order). */
class RecentSet {
  private readonly marks = new Set<string>();
  constructor(private readonly size: number) {}
  has(mark: string): boolean {
    return this.marks.has(mark);
  }
  add(mark: string): void {
    this.marks.delete(mark);
    this.marks.add(mark);
    if (this.marks.size > this.size) {
      const oldest = this.marks.values().next();
      if (!oldest.done) this.marks.delete(oldest.value);
    }
  }
}

export function sameItems(path: string): CliError {
  return new CliError('unexpected', `the server returned the same items twice for ${path}`, {
    hint: 'its pages do not move forward, so they would repeat forever; report it to whoever runs that server',
  });
}

export function sameCursor(path: string): CliError {
  return new CliError('unexpected', `the server returned the same cursor twice for ${path}`, {
    hint: 'its pages lead back to one already read, so they would repeat forever; report it to whoever runs that server',
  });
}

function tooManyPages(path: string, max: number): CliError {
  return new CliError('unexpected', `the server returned more than ${max} pages for ${path}`, {
    hint: 'its pages do not end, so they would go on forever; report it to whoever runs that server',
  });
}

/** What one walk has seen; `page()` for each page, in order, before it is handed on. */
export class PageGuard {
  private readonly cursors = new RecentSet(WINDOW);
  private readonly edges = new RecentSet(WINDOW);
  private previous = new Set<string>();
  private pages = 0;

  constructor(
    private readonly path: string,
    private readonly maxPages = MAX_PAGES,
  ) {}

  /** The walk starts from (a resume's) cursor: a page that leads back to it is a repeat. */
  start(cursor: string | null): void {
    if (cursor !== null) this.cursors.add(digest(cursor));
  }

  /** Whether a cursor would be refused: a request ahead is never sent for one. */
  refusesCursor(next: string): boolean {
    return this.cursors.has(digest(next));
  }

  /** Whether a page starting with `first` would be refused. */
  refusesFirst(first: unknown): boolean {
    return this.edges.has(itemMark(first));
  }

  /**
   * A keyset page (its first and last item, its next cursor): throws when it repeats. Call before
   * the page is handed on, so a consumer that saves its cursor never holds one the walk refuses.
   */
  keyset(first: unknown, last: unknown, next: string | null, empty: boolean): void {
    this.count();
    if (!empty) {
      const mark = itemMark(first);
      if (this.edges.has(mark)) throw sameItems(this.path);
      this.edges.add(mark);
      this.edges.add(itemMark(last));
    }
    if (next === null) return;
    const cursor = digest(next);
    if (this.cursors.has(cursor)) throw sameCursor(this.path);
    this.cursors.add(cursor);
  }

  /**
   * A skip/limit page, each item by `key`: throws when any item repeats one of the page before,
   * or the page starts with a page edge already had (a server that ignores `skip`).
   */
  offset<T>(items: readonly T[], key: (item: T) => string): void {
    this.count();
    const marks = new Set<string>();
    for (const item of items) {
      const mark = digest(key(item));
      if (this.previous.has(mark) || marks.has(mark)) throw sameItems(this.path);
      marks.add(mark);
    }
    const [first] = items;
    if (first !== undefined) {
      const mark = digest(key(first));
      if (this.edges.has(mark)) throw sameItems(this.path);
      this.edges.add(mark);
    }
    this.previous = marks;
  }

  private count(): void {
    this.pages += 1;
    if (this.pages > this.maxPages) throw tooManyPages(this.path, this.maxPages);
  }
}
