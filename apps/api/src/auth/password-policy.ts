import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { BadRequestError } from '../common/domain-error';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's scale 0–4; 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
const MIN_SCORE = 3;

let zxcvbn: ZxcvbnFactory | null = null;
const estimator = () => (zxcvbn ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

export interface PasswordContext {
  username: string;
  /** Other words a guesser would try first: the person's name, the township or county name. */
  related?: (string | null | undefined)[];
  /** Passwords refused outright: the demo password, known to everyone who saw the demo, is for demo accounts only. */
  demoPassword?: string | null;
}

/** Why a password is refused, as one Chinese sentence; null when it may be used. */
export function passwordProblem(password: string, context: PasswordContext): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`;
  if (context.demoPassword && password === context.demoPassword) return '这是演示账号的公共密码，只能用于演示县的演示账号，请换一个密码';
  const username = context.username.trim().toLowerCase();
  const lower = password.toLowerCase();
  if (username.length >= 3 && (lower.includes(username) || lower.includes([...username].reverse().join('')))) {
    return '密码不能包含用户名（包括倒序），请换一个与账号无关的密码';
  }
  const inputs = [username, ...(context.related ?? []).filter((v): v is string => !!v && v.length >= 2)];
  const result: ZxcvbnResult = estimator().check(password, inputs);
  if (result.score >= MIN_SCORE) return null;
  const patterns = new Set(result.sequence.map((m) => (m.pattern === 'dictionary' ? `dictionary:${(m as { dictionaryName?: string }).dictionaryName}` : m.pattern)));
  if (patterns.has('dictionary:userInputs')) return '密码与用户名、姓名或所属单位名称过于相近，请换一个与账号无关的密码';
  if (patterns.has('dictionary:passwords-common')) return '这是常见密码，容易被猜中，请换一个不常见的密码';
  if (patterns.has('repeat') || patterns.has('sequence')) return '密码中有重复或连续的字符（如 aaaa、1234、abcd），容易被猜中，请换一个';
  if (patterns.has('spatial')) return '密码是键盘上相邻按键的组合（如 qwerty、asdf），容易被猜中，请换一个';
  if (patterns.has('date')) return '密码主要由日期组成，容易被猜中，请换一个';
  return '密码太容易被猜中，请使用更长、更不规律的组合（例如几个不相关的词加数字和符号）';
}

/** Throws 400 WEAK_PASSWORD with the Chinese reason when the password may not be used. */
export function assertAcceptablePassword(password: string, context: PasswordContext): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new BadRequestError('WEAK_PASSWORD', problem, { field: 'password' });
}
