import { holdsCredential } from './credential-names.js';
import type { CredentialRule } from './credential-rules.js';
import { secretValue } from './generic-rule.js';

// A password on a command line written in a definition (a tool node's `command`, an `args` list):
// `curl -u admin:P` and `--user "admin:P"` send the Basic credential the basic-authorization rule
// finds once it is base64-encoded; `mysql -pP` takes the password glued to its flag; `sshpass -p P`,
// `docker login -p P` and `redis-cli -a P` take it as their short option's value; `--password P`
// and an argv list `["--password", "P"]` are the `--password=P` form (the generic rule's) split in
// two. The value is judged as the generic rule judges one: a reference (`$DB_PASSWORD`,
// `{{secrets.X}}`), a placeholder or a value that reads as words is no finding.

/**
 * A quote opening a value, and the blanks just inside it (`--password " P"`, `-p" P"`): the value
 * is what follows them, as the generic rule reads `KEY = " value"` (blanks inside the quotes are no
 * part of a secret); without it a blank after the quote hid the whole value (PWSPACE). Every place
 * a value may open with a quote writes it as this, escaped too: a JSON string's command line
 * (`"mysql --password \\" P\\""`) is matched as written, and again as its decoded value re-quoted.
 */
const OPEN = String.raw`(?:\\?["'][ \t]*)?`;

/**
 * What stands between one argument and the next: blanks (`-u X`), `", "` in a flow or JSON argv
 * list (`["-u", "X"]`), the next item of a YAML block list, or a line continuation (`\` and a line
 * break, written as such or as a JSON string's `\\\n`); each may close one quote and open another.
 */
const NEXT = String.raw`(?:(?:\\?["'])?(?:[ \t]*,[ \t]*|[ \t]*(?:\\\r?\n|\\\\\\n)[ \t]*|[ \t]*\r?\n[ \t]*-[ \t]+|[ \t]+)${OPEN})`;

/** curl's and wget's user option, then `user:`; the password follows. */
const USER_OPTION = `(?:-u|--user|--proxy-user|--http-user)(?:${NEXT}|=${OPEN}|${OPEN})[^\\s:"'\`,]{1,64}:`;

/**
 * From a command's name to one of its options, on the same command: any characters of the line
 * (a JSON string's `\\\n` is on it), a line continuation (`\` and a line break), or the next item
 * of an argv list written as a YAML block list; the option is an argument of its own (after a
 * blank, a quote or a comma).
 */
const TO_OPTION = String.raw`(?:[^\r\n]|\\\r?\n|\r?\n(?=[ \t]*-[ \t])){0,256}?(?<=[\s"',])`;

/**
 * A short option that takes the password (the value follows as the next argument, or glued on):
 * `sshpass -p P`, `docker login -p P` (podman's, nerdctl's, buildah's and skopeo's login too),
 * `redis-cli -a P` (`--pass P`, `--pass` being no credential word on its own). The MySQL and
 * MariaDB clients' `-pPASSWORD` only glued, quoted or not (`-p'P'`): their `-p` alone prompts for it.
 */
const SHORT_OPTION = [
  String.raw`\bsshpass\b${TO_OPTION}-p(?:${NEXT}|=${OPEN}|${OPEN})`,
  String.raw`\b(?:docker|podman|nerdctl|buildah|skopeo)\b[^\r\n]{0,64}?\blogin\b${TO_OPTION}-p(?:${NEXT}|=${OPEN}|${OPEN})`,
  String.raw`\bredis-cli\b${TO_OPTION}(?:-a|--pass)(?:${NEXT}|=${OPEN})`,
  String.raw`\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b${TO_OPTION}-p${OPEN}`,
].join('|');

/**
 * A long option (group 1, its name) and its value as the next argument: after blanks on a command
 * line, after `", "` in a flow list, or on the next item of a YAML block list. `--password="P"` is
 * the generic rule's, except inside a JSON string, where its quote is escaped (`=\\"P\\"`) and the
 * generic rule reads the backslash as the value.
 */
const LONG_OPTION =
  // Only a name with a credential word in it is taken (holdsCredential judges it): a line of other
  // options (`--output`, `--verbose`) costs no candidate.
  `--([A-Za-z0-9-]{0,30}?(?:pass|pw|token|secret|key|auth|cred)[A-Za-z0-9-]{0,30})(?:${NEXT}|=\\\\["'][ \\t]*)`;

/** The value (group 2): an argument, to a blank, a quote (escaped or not) or a comma. */
const VALUE = `((?:[^\\s"'\`,\\\\]|\\\\(?!["'])){1,1024})`;

export const COMMAND_LINE_RULE: CredentialRule = {
  id: 'command-line-password',
  level: 'error',
  description:
    'A literal password on a command line (`curl -u user:PASSWORD`, `mysql -pPASSWORD`, `sshpass -p`, `docker login -p`, `redis-cli -a`, `--password PASSWORD`, an argv list)',
  fix: 'pass the password from the secret store: `curl -u "user:{{secrets.NAME}}"`, `--password {{secrets.NAME}}` (`fibonacci secret set NAME`); change the password',
  keywords: ['-u', '--', 'mysql', 'mariadb', 'sshpass', 'login', 'redis-cli'],
  pattern: new RegExp(`(?:(?<![\\w-])(?:${USER_OPTION}|${LONG_OPTION})|${SHORT_OPTION})${VALUE}`, 'dg'),
  group: 2,
  judgesReferences: true,
  // A long option counts only when its name holds a credential (`--password`, `--api-token`, not
  // `--token-file` or `--output`); the value is judged whole, as the generic rule judges one.
  // `--password-stdin` reads it from standard input: the next argument is something else.
  accept: (value, match) =>
    (match[1] === undefined || (holdsCredential(match[1]) && !/-stdin$/i.test(match[1]))) &&
    secretValue(value),
};
