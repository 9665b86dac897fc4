import { passwordProblem } from './password-policy';

describe('password policy', () => {
  const ctx = { username: 'jinma', related: ['金马镇', '张三'] };

  it.each([
    ['short', 'Ab3$xyz', '至少需要 10 个字符'],
    ['a common password', 'password123', '常见密码'],
    ['a common password, long', 'qwertyuiop', '容易被猜中'],
    ['the username inside', 'jinma-2024-abc', '用户名'],
    ['the username reversed', 'amnij_98765!', '用户名'],
    ['repeated characters', 'aaaaaaaaaaaa', '容易被猜中'],
    ['a keyboard row', 'asdfghjkl;', '容易被猜中'],
  ])('refuses %s', (_label, password, reason) => expect(passwordProblem(password, ctx)).toContain(reason));

  it.each(['gorse-Tundra-71-lamp', 'Hq8#vL2!pZ0m', '县司法局审核2024年春季专用'])('accepts %s', (password) => expect(passwordProblem(password, ctx)).toBeNull());

  it('refuses the demo password for accounts set through the api', () => {
    expect(passwordProblem('demo-Pass-2024-xyz', { ...ctx, demoPassword: 'demo-Pass-2024-xyz' })).toContain('演示');
    expect(passwordProblem('demo-Pass-2024-xyz', ctx)).toBeNull();
  });
});
