/** The emulator's access log (stderr): the exact attempts the server saw, whatever the client announced. */

/** One access-log line. */
export interface AccessLogLine {
  method: string;
  /** The request target as logged: the path only (the emulator never logs a query string). */
  url: string;
  /** `url` without a query (the same, since the log has none). */
  path: string;
  status: number;
}

/** Every `METHOD /path STATUS …` line in what the emulator printed on stderr. */
export function parseAccessLog(stderr: string): AccessLogLine[] {
  return stderr
    .split('\n')
    .map((l) => /^(GET|PUT|POST|DELETE|PATCH) (\S+) (\d{3}) /.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      method: m[1] as string,
      url: m[2] as string,
      path: (m[2] as string).split('?')[0] as string,
      status: Number(m[3]),
    }));
}
