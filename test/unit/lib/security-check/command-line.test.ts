// Passwords on command lines in a definition: curl's -u/--user, mysql's -pPASSWORD, a long option
// and its value as the next argument (on the line, in a flow list, in a YAML block list).
import { describe, expect, it } from 'vitest';
import { findCredentials } from '../../../../src/lib/security-check/scan-text.js';

const P = 'Xk9m(Q2vL8pR4tW7z';
const found = (text: string) => findCredentials(text).map((m) => `${m.rule.id} ${m.secret}`);

describe('command-line passwords', () => {
  it.each([
    ['curl -u', `command: curl -u admin:${P} https://api.example.com\n`],
    ['curl -u glued', `command: curl -uadmin:${P} https://api.example.com\n`],
    ['curl --user quoted', `command: curl --user "admin:${P}" https://api.example.com\n`],
    ['curl --user=', `command: curl --user=admin:${P} https://api.example.com\n`],
    ['mysql -p', `command: "mysql -uroot -p${P} -h db"\n`],
    ['mysqldump -p', `command: mysqldump --single-transaction -p${P} app\n`],
    ['--password P', `command: pg_dumpall --password ${P} --host db\n`],
    ['--api-token P', `command: tool --api-token ${P}\n`],
    ['a JSON argv list', `"args": ["--password", "${P}"]\n`],
    ['a YAML flow list', `args: ["--password", "${P}"]\n`],
    ['a YAML block list', `args:\n  - --password\n  - "${P}"\n`],
  ])('%s: found, the password only', (_, text) => {
    expect(found(text)).toEqual([`command-line-password ${P}`]);
  });

  it.each([
    ['a variable', 'command: curl -u "admin:$API_PASSWORD" https://x\n'],
    ['a secret reference', 'command: curl -u admin:{{secrets.API_PASSWORD}} https://x\n'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-variable reference, literally
    ['a braced variable', 'args: ["--password", "${DB_PASSWORD}"]\n'],
    ['a placeholder', 'command: mysql -uroot -pyour-password-here -h db\n'],
    ['a word', 'command: curl -u admin:supersecretpassword https://x\n'],
    ['mysql -p alone prompts', 'command: mysql -uroot -p -h db\n'],
    ['a uid:gid', 'command: docker run -u 1000:1000 image\n'],
    ['a port mapping', 'command: docker run -p8080:80 image\n'],
    ['an option that names a file', `command: tool --token-file /run/secrets/token --output ${P}\n`],
    ['an option that holds none', `args: ["--output", "${P}"]\n`],
  ])('%s: no finding', (_, text) => {
    expect(found(text)).toEqual([]);
  });

  const MiB = 1 << 20;
  it.each([
    ['long options with no value', '--a '.repeat(MiB / 4)],
    ['user options with no colon', '-u x'.repeat(MiB / 4)],
    ['mysql with no -p', 'mysql '.repeat(MiB / 6)],
  ])('%s: scanned in linear time', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
