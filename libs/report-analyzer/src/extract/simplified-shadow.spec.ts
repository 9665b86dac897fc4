import { toSimplifiedShadow } from './simplified-shadow';

describe('toSimplifiedShadow', () => {
  it('maps traditional to simplified with the same length', () => {
    expect(toSimplifiedShadow('規範性文件')).toBe('规范性文件');
    const text = '本鎮聘請法律顧問2名，成效顯著；臺灣、裡面、後來';
    const shadow = toSimplifiedShadow(text);
    expect(shadow).toHaveLength(text.length);
    expect(shadow).toBe('本镇聘请法律顾问2名，成效显著；台湾、里面、后来');
  });

  it('keeps index alignment where OpenCC would change the length', () => {
    // OpenCC maps 噁 to the astral 𫫇 (two UTF-16 units); the shadow must not shift later offsets.
    const text = '二噁英檢測，規範';
    const shadow = toSimplifiedShadow(text);
    expect(shadow).toHaveLength(text.length);
    expect(shadow.slice(-2)).toBe('规范');
    expect(shadow.indexOf('检测')).toBe(text.indexOf('檢測'));
  });

  it('returns simplified text unchanged (same string)', () => {
    const text = '全面推进依法行政，法治政府建设取得新成效。';
    expect(toSimplifiedShadow(text)).toBe(text);
    expect(toSimplifiedShadow('')).toBe('');
  });

  it('keeps astral characters and mixed scripts aligned', () => {
    const text = '𠀀 test 條例 𤋮 ok';
    const shadow = toSimplifiedShadow(text);
    expect(shadow).toHaveLength(text.length);
    expect(shadow).toContain('条例');
  });
});
