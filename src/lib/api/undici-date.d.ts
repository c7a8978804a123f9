// undici's RFC 9110 HTTP-date parser (its cache uses it), imported by path: undici types its public
// entry only.
declare module 'undici/lib/util/date.js' {
  /** IMF-fixdate, RFC 850 or asctime() to a Date; undefined for anything else or an impossible date. */
  export function parseHttpDate(date: string): Date | undefined;
}
