// The floor for the export benchmark: what the server can give. Fetch the same pages the CLI
// fetches (limit 1000, ascending, following next_cursor) over one keep-alive TLS connection with
// undici, and discard the bytes. Only the tail of each body is read for the cursor.
// Usage: node bench/export-floor.mjs URL CA_FILE KEY  → prints "<pages> <bytes>" on stdout.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

const [url, caFile, key] = process.argv.slice(2);
const dispatcher = new Agent({
  connect: { ca: readFileSync(caFile), minVersion: 'TLSv1.3' },
  connections: 1,
});
let cursor = null;
let pages = 0;
let bytes = 0;
do {
  const u = new URL('/api/v1/audit/events', url);
  u.searchParams.set('order', 'asc');
  u.searchParams.set('limit', '1000');
  if (cursor) u.searchParams.set('cursor', cursor);
  const res = await request(u, { headers: { authorization: `Bearer ${key}` }, dispatcher });
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${await res.body.text()}`);
  let tail = '';
  for await (const chunk of res.body) {
    bytes += chunk.length;
    tail = (tail + chunk.toString('latin1')).slice(-400);
  }
  cursor = /"next_cursor":(?:"([^"]+)"|null)\}$/.exec(tail)?.[1] ?? null;
  pages++;
} while (cursor);
await dispatcher.close();
process.stdout.write(`${pages} ${bytes}\n`);
