import { BUILTIN_ROLES, ROLE_NAME, ROLE_NAME_RULE } from '../lib/access-policy/names.js';
import { looksLikeCredential, mayShowName, meantSecretName } from '../lib/shown-value.js';
import {
  ENVIRONMENT_RULE,
  isValidEnvironment,
  isValidKeyName,
  isValidSecretName,
  isValidWorkflowName,
  KEY_NAME_RULE,
  looksLikeApiKey,
  RESERVED_ENVIRONMENT,
  RESOURCE_ID,
  SECRET_NAME_RULE,
  SHARED_SCOPE_NAME,
  WORKFLOW_NAME_HINT,
  WORKFLOW_NAME_RULE,
} from '../lib/validate.js';
import { ArgumentError, suggestion } from './argument-errors.js';

// The parsers of names (secrets, workflows, environments, keys, users, roles): each refuses a name
// that holds an API key or a credential without repeating it (a name is shown to every reader and
// in the audit log), and says the rule of its kind. Re-exported by args.ts with the other parsers.

/** What to do about a key pasted where a name or a pattern goes (create-key's --workflows too). */
export const PASTED_KEY_HINT =
  'if that key is real, revoke it: `fibonacci auth list-keys`, then `fibonacci auth revoke-key ID`';

/** A name that holds an API key: refused without showing it (the value is the key). */
function keyAsName(subject?: string): ArgumentError {
  return new ArgumentError('it holds an API key, and a key never goes in a name (was the key pasted here?)', {
    ...(subject ? { subject } : {}),
    quote: false,
    hint: PASTED_KEY_HINT,
  });
}

/**
 * A name that holds a credential-looking run (`ghp_…`, `AKIA…`, a value pasted where its name goes):
 * a name is shown to everyone who lists secrets and in the audit log, so it is refused, unrepeated.
 */
function credentialAsName(subject: string): ArgumentError {
  return new ArgumentError(
    'it looks like a credential, and a name is shown to every reader (was the value pasted here?)',
    {
      subject,
      quote: false,
      hint: 'a name is words such as API_KEY; the value goes on standard input: printf %s "$VALUE" | fibonacci secret set NAME',
    },
  );
}

/** A secret name (docs/api.md's rule), for the NAME argument. */
export function secretNameArg(value: string): string {
  if (looksLikeApiKey(value)) throw keyAsName('secret name');
  const pair = /^([A-Za-z_][A-Za-z0-9_]{0,127})=/.exec(value);
  if (pair) {
    const name = mayShowName(pair[1] as string, 'secret') ? pair[1] : 'NAME';
    // `NAME=VALUE`, as other CLIs take it: the value is never repeated, the way to set it is shown.
    throw new ArgumentError('a name holds no `=`, and what follows it is not repeated here', {
      subject: 'secret name',
      quote: false,
      hint: `the name is ${name}; a value goes on standard input: printf %s "$VALUE" | fibonacci secret set ${name} [--env E]`,
    });
  }
  if (looksLikeCredential(value)) throw credentialAsName('secret name');
  // Not repeated unless name-shaped: what is not a name may be a value (a grouped password, a UUID-shaped key).
  if (!isValidSecretName(value)) {
    const meant = meantSecretName(value);
    throw new ArgumentError(SECRET_NAME_RULE, {
      subject: `secret name${meant.shown === undefined ? '' : ` "${meant.shown}"`}`,
      quote: false,
      hint: meant.hint,
    });
  }
  return value;
}

/**
 * A workflow's name (or, for `run`, its id) as the NAME argument: an empty or blank one is said as
 * such, with where names are found (`workflow run ""` answered "not a name or an id").
 */
export function workflowNameArg(hint: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '') {
      throw new ArgumentError(value === '' ? 'it is empty' : 'it is only blanks', {
        subject: 'workflow name',
        quote: false,
        hint,
      });
    }
    return value;
  };
}

/** An environment name (docs/api.md's rule), for --env. */
export function environmentArg(value: string): string {
  if (value === SHARED_SCOPE_NAME)
    throw new ArgumentError(RESERVED_ENVIRONMENT, { hint: 'leave out --env for the shared scope' });
  if (!isValidEnvironment(value)) {
    const meant = meantEnvironment(value);
    throw new ArgumentError(ENVIRONMENT_RULE, {
      quote: meant !== undefined,
      hint: meant === undefined ? undefined : `did you mean ${meant}?`,
    });
  }
  return value;
}

/**
 * The environment a refused `--env` was likely meant to be (`Production`, `prod_eu`, `EU West`:
 * production, prod-eu, eu-west), when the value may be repeated: a refused name is otherwise not
 * repeated at all (it may be a value typed in the wrong place), so it must pass as a plain value
 * first: a mixed-case word with a digit or a mark (a password's shape) is not lower-cased into one.
 */
function meantEnvironment(value: string): string | undefined {
  const meant = value
    .trim()
    .toLowerCase()
    .replace(/[\s_.]+/g, '-');
  if (!isValidEnvironment(meant) || meant === SHARED_SCOPE_NAME) return undefined;
  return mayShowName(value, 'value') && mayShowName(meant, 'environment') ? meant : undefined;
}

/** An API key's name (docs/api.md's rule: printable, 1 to 100 characters). */
export function keyNameArg(value: string): string {
  if (looksLikeApiKey(value)) throw keyAsName();
  if (!isValidKeyName(value))
    throw new ArgumentError('not a key name', { hint: `a key name is ${KEY_NAME_RULE}` });
  if (value.trim() === '') throw new ArgumentError('must not be blank');
  return value;
}

/** A new workflow's name (the API's rule), checked before anything is read or sent. */
export function newWorkflowNameArg(value: string): string {
  workflowNameArg('give the name to create, such as production/etl')(value);
  if (looksLikeApiKey(value)) throw keyAsName('workflow name');
  if (!isValidWorkflowName(value))
    throw new ArgumentError(WORKFLOW_NAME_RULE, {
      subject: 'workflow name',
      kind: 'workflow',
      hint: WORKFLOW_NAME_HINT,
    });
  return value;
}

/** A member's user id (the shape of the API's ids), for --user and set-role's USER; never a pasted key. */
export function userIdArg(value: string): string {
  if (looksLikeApiKey(value)) throw keyAsName('user id');
  if (!RESOURCE_ID.test(value))
    throw new ArgumentError('not a user id: letters, digits, _ and -, such as user-123', {
      subject: 'user id',
      hint: '`fibonacci org members` lists the user ids',
    });
  return value;
}

/** A role name: a built-in one or a custom role's (the API's rule); whether it exists is the server's to say. */
export function roleArg(value: string): string {
  if (!(BUILTIN_ROLES as readonly string[]).includes(value) && !ROLE_NAME.test(value))
    throw new ArgumentError(`not a role name: ${BUILTIN_ROLES.join(', ')}, or ${ROLE_NAME_RULE}`, {
      subject: 'role',
      hint: meantRole(value),
    });
  return value;
}

/**
 * The role a refused one was likely meant to be: a built-in near it (`Admin`, `ADMIN`, `owner_`),
 * else the same name in lower case when that is one (`Deployer`); only for a value the error may
 * repeat, so a mistyped password is not echoed in lower case.
 */
function meantRole(value: string): string | undefined {
  const builtin = suggestion(value, BUILTIN_ROLES);
  if (builtin) return builtin;
  const lower = value.toLowerCase();
  return ROLE_NAME.test(lower) && mayShowName(value, 'value')
    ? `did you mean ${lower}? role names are lower case`
    : undefined;
}
