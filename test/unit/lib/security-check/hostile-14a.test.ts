// Hostile pass 14 (H14a-*), in process: what the credential rules found and missed, each finding's
// cases with the decoys beside them that must stay unreported.
import { describe, expect, it } from 'vitest';
import { findCredentials, pairCredentials } from '../../../../src/lib/security-check/scan-text.js';

const P = 'Xk9mQ2vL8pR4tW7zAb3';
const GHP = 'ghp_DKRYfmt07ELSZgnu18FMTahov29GNUbipw3A';
const SK = 'sk-FQbmx8JUfq1CNYju5GRcny9KVgr2DOZkv6HSdozALWhs3EPa';
const AWS = 'Zk8aQ3vL9pR5tW7zAb3cD4eF5gH6iJ7kL8mN9oPq';

/** Each finding as `rule secret@offset`. */
const found = (text: string, syntax: 'dotenv' | 'other' = 'other') =>
  findCredentials(text, syntax).map((m) => `${m.rule.id} ${m.secret}@${m.offset}`);

describe('H14a-7: blanks inside the quotes around a value', () => {
  it.each([
    [`api_key: " ${P}"`, 'generic-credential-entropy'],
    [`token: "${P} "`, 'generic-credential-entropy'],
    [`secret: ' ${P} '`, 'generic-credential-entropy'],
    [`{"token": " ${P} "}`, 'generic-credential-entropy'],
    [`{"password": "\t${P}\t"}`, 'generic-credential-entropy'],
    [`aws_secret_access_key: " ${AWS}"`, 'aws-secret-access-key'],
    [`api_key: " ${GHP}"`, 'github-token'],
    [`token: "${GHP} "`, 'github-token'],
    [`{"token": " ${SK} "}`, 'openai-api-key'],
  ])('%s: found, pointing at the value and without its blanks', (line, rule) => {
    const secret = [P, AWS, GHP, SK].find((s) => line.includes(s)) as string;
    expect(found(line)).toEqual([`${rule} ${secret}@${line.indexOf(secret)}`]);
  });

  it('in a dotenv file, and as a (key, value) pair a parser gave', () => {
    const line = `API_KEY=" ${P} "`;
    expect(found(line, 'dotenv')).toEqual([`generic-credential-entropy ${P}@${line.indexOf(P)}`]);
    expect(pairCredentials('api_key', ` ${P} `).map((m) => `${m.rule.id} ${m.secret}`)).toEqual([
      `generic-credential-entropy ${P}`,
    ]);
  });

  it('a blank inside the value still makes it prose; blanks alone are nothing', () => {
    expect(found('api_key: " rotate this every month "')).toEqual([]);
    expect(found(`note_token: " ${P.slice(0, 8)} ${P.slice(8)} "`)).toEqual([]);
    expect(found('token: "          "')).toEqual([]);
    expect(found('token: " {{secrets.API_TOKEN}} "')).toEqual([]);
  });
});
