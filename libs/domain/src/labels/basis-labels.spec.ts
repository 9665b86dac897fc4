import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readableBasis } from './basis-labels';

describe('a threshold basis as a person reads it', () => {
  it('says each source tag in words', () => {
    expect(readableBasis('宜宾县要求每个乡镇至少1名法律顾问（[L]）。')).toBe('宜宾县要求每个乡镇至少1名法律顾问（地方规定）。');
    expect(readableBasis('合格率均为100%（三都镇，[V]）')).toBe('合格率均为100%（三都镇，已见公开文本）');
    expect(readableBasis('每年至少举办2次法治专题讲座（[R]，未在公开网页核实）')).toBe('每年至少举办2次法治专题讲座（未经核实）');
  });

  it('leaves no Latin letter in any basis of the default template', () => {
    const template = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../seeds/checklists/default-template.json'), 'utf8'));
    const bases = JSON.stringify(template).match(/"basis":\s*"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(bases).toHaveLength(8);
    for (const b of bases) expect(readableBasis(b.replace(/^"basis":\s*/, ''))).not.toMatch(/[A-Za-z]/);
  });
});
