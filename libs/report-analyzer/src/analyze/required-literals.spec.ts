import { gateByLiterals, requiredLiterals } from './required-literals';

describe('requiredLiterals', () => {
  it('finds the literal every alternative needs, past leading optional groups', () => {
    expect(requiredLiterals(/(还|仍|尚)?(有|存在)(一定|较大)?的?差距|任重道远/)).toEqual(['差距', '任重道远']);
    expect(requiredLiterals(/(现将|特将)[^。]{0,50}(报告|汇报)/)).toEqual(['现将', '特将']);
  });

  it('gives up when a branch needs no literal or the syntax is not understood', () => {
    expect(requiredLiterals(/差距|[^。]+/)).toBeNull();
    expect(requiredLiterals(/(a)\1b/)).toBeNull();
    expect(requiredLiterals(/\x41bc/)).toBeNull();
    expect(requiredLiterals(/差距/i)).toBeNull();
  });
});

describe('gateByLiterals', () => {
  it('keeps every result of test', () => {
    const re = gateByLiterals(/(还|仍|尚)?(有|存在)(一定|较大|不小)?的?差距|(与|和|同)?(新形势|发展)[^,;:。]{0,8}(还|仍|尚)?(不适应|不相适应)/);
    for (const s of ['工作还有一定差距', '与新形势还不相适应', '取得明显成效', '存在差', '发展不适应'])
      expect(re.test(s)).toBe(new RegExp(re.source).test(s));
  });
});
