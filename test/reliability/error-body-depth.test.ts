// An error answer is bounded as a success answer is: a 422 whose `detail[].loc` nests 10,000 arrays
// deep crashed the CLI with V8's "Maximum call stack size exceeded" and the internal-bug hint (each
// loc part was String()ed, recursively). Now it is the fixed "nested more than 512 levels deep"
// line; a loc part that is neither a string nor an index is `[?]`, never stringified; a key holding
// a dot is printed in brackets. The built CLI against a hostile HTTPS server.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf } from '../helpers/certs.js';
import { startHttps, type TestServer } from '../helpers/servers.js';
import { runCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

let server: TestServer;
let caFile: string;
/** What the next execute answers with: a 422 body. */
let answer = '';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const body422 = (loc: string) =>
  `{"detail":[{"loc":["body","input_data",${loc}],"msg":"bad","type":"x"},{"loc":["body","input_data","b"],"msg":"m2","type":"y"}]}`;

beforeAll(async () => {
  const ca = await makeCa();
  caFile = join(tempDir('fib-error-depth-'), 'ca.pem');
  writeFileSync(caFile, ca.cert);
  server = await startHttps({ ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' }, (req, res) => {
    const execute = req.method === 'POST' && req.url?.endsWith('/execute');
    res.writeHead(execute ? 422 : 404, { 'content-type': 'application/json', 'x-request-id': 'req_h' });
    res.end(execute ? answer : '{"detail":"Not Found"}');
  });
});
afterAll(() => server?.close());

const run = () =>
  runCli(['workflow', 'run', 'wf_0123456789abcdef01234567'], {
    env: {
      FIBONACCI_BASE_URL: `https://127.0.0.1:${server.port}`,
      FIBONACCI_CA_CERT: caFile,
      FIBONACCI_API_KEY: `fib_test_${'hostileErrorDepth0123456789'}`,
    },
    timeoutMs: 60_000,
  });

describe('a 422 that a hostile server nests without bound', () => {
  it('10,000 levels in a loc: one fixed error line, exit 1, no stack overflow', async () => {
    answer = body422(nested(10_000));
    const r = await run();
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: the server at 127.0.0.1:${server.port} sent an answer nested more than 512 levels deep (request req_h)\n`,
    });
  });

  it('a loc part that is an array or an object is [?]; the other violation is kept', async () => {
    answer = body422(`${nested(100)},{"k":[1]},"a.b"`);
    const r = await run();
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr.split('\n').slice(1)).toEqual(['  input[?][?]["a.b"]: bad', '  input.b: m2', '']);
  });
});
