import { holdsCredential } from './credential-names.js';
import type { CredentialRule } from './credential-rules.js';
import { secretValue } from './generic-rule.js';

// A password on a command line written in a definition (a tool node's `command`, an `args` list):
// `curl -u admin:P` and `--user "admin:P"` send the Basic credential the basic-authorization rule
// finds once it is base64-encoded; `mysql -pP` takes the password glued to its flag; `--password P`
// and an argv list `["--password", "P"]` are the `--password=P` form (the generic rule's) split in
// two. The value is judged as the generic rule judges one: a reference (`$DB_PASSWORD`,
// `{{secrets.X}}`), a placeholder or a value that reads as words is no finding.

/** curl's and wget's user option, then `user:`; the password follows. */
const USER_OPTION = `(?:-u|--user|--proxy-user|--http-user)(?:[ \\t]+|=)?["']?[^\\s:"'\`]{1,64}:`;

/** The MySQL and MariaDB clients' `-pPASSWORD` (their `-p` alone prompts for it). */
const MYSQL_PASSWORD = `\\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\\b[^\\r\\n]{0,256}?[ \\t]["']?-p`;

/**
 * A long option (group 1, its name) and its value as the next argument: after blanks on a command
 * line, after `", "` in a flow list, or on the next item of a YAML block list.
 */
const LONG_OPTION =
  // Only a name with a credential word in it is taken (holdsCredential judges it): a line of other
  // options (`--output`, `--verbose`) costs no candidate.
  `--([A-Za-z0-9-]{0,30}?(?:pass|pwd|token|secret|key|auth|credential)[A-Za-z0-9-]{0,30})` +
  `(?:["']?[ \\t]*,[ \\t]*["']?|[ \\t]+["']?|["']?[ \\t]*\\r?\\n[ \\t]*-[ \\t]+["']?)`;

/** The value (group 2): an argument, to a blank, a quote or a comma. */
const VALUE = `([^\\s"'\`,]{1,1024})`;

export const COMMAND_LINE_RULE: CredentialRule = {
  id: 'command-line-password',
  level: 'error',
  description:
    'A literal password on a command line (`curl -u user:PASSWORD`, `mysql -pPASSWORD`, `--password PASSWORD`, an argv list)',
  fix: 'pass the password from the secret store: `curl -u "user:{{secrets.NAME}}"`, `--password {{secrets.NAME}}` (`fibonacci secret set NAME`); change the password',
  keywords: ['-u', '--', 'mysql', 'mariadb'],
  pattern: new RegExp(`(?:(?<![\\w-])(?:${USER_OPTION}|${LONG_OPTION})|${MYSQL_PASSWORD})${VALUE}`, 'dg'),
  group: 2,
  judgesReferences: true,
  // A long option counts only when its name holds a credential (`--password`, `--api-token`, not
  // `--token-file` or `--output`); the value is judged whole, as the generic rule judges one.
  accept: (value, match) => (match[1] === undefined || holdsCredential(match[1])) && secretValue(value),
};
