import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../../src/lib/quote.js';

describe('shellQuote', () => {
  it('leaves words a POSIX shell reads as one as they are', () => {
    expect(shellQuote('https://127.0.0.1:8443')).toBe('https://127.0.0.1:8443');
    expect(shellQuote('/tmp/fib/ca.pem')).toBe('/tmp/fib/ca.pem');
  });

  it('single-quotes the rest, closing and escaping an embedded quote', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('/tmp/my dir/ca.pem')).toBe("'/tmp/my dir/ca.pem'");
    expect(shellQuote("it's $HOME")).toBe("'it'\\''s $HOME'");
  });
});
