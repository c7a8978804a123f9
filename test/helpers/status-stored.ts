/**
 * What `auth status` prints on stdout when the server could not be asked (down, refused, a TLS
 * failure, a 5xx): the API URL, the mark, and the key from FIBONACCI_API_KEY, masked.
 */
export function storedOnly(apiUrl: string, key: string): string {
  return (
    `${apiUrl}\n  ✗ Not checked with the server (the error below says why)\n` +
    `  Source:     FIBONACCI_API_KEY (any origin)\n  Key:        ${key.slice(0, 7)}…${key.slice(-3)}\n`
  );
}
