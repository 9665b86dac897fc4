import * as fs from 'fs';
import { parse } from 'yaml';
import { compileLexicon, DEFAULT_LEXICON_PATH, LexiconError, lexiconFileVersion, loadLexicon } from './lexicon';
import { OBLIGATIONS } from './catalogue';
import { analyzeText, analyzerVersion } from './analyze-text';
import { ANALYZER_VERSION } from '../index';

const raw = () => parse(fs.readFileSync(DEFAULT_LEXICON_PATH, 'utf8'));

describe('lexicon', () => {
  it('the bundled lexicon loads, has a version and covers every text-judged obligation', () => {
    const lex = loadLexicon();
    expect(lex.version).toMatch(/^\d+/);
    const src = raw().obligations;
    for (const o of OBLIGATIONS.filter((x) => x.judgedBy === 'text')) expect(Object.keys(src)).toContain(o.id);
    expect(lex.plainPhrases.length).toBeGreaterThan(100);
  });

  it('the version read without compiling is the compiled one: job ids and analyses name the same analyzer version', () => {
    expect(lexiconFileVersion()).toBe(loadLexicon().version);
    expect(lexiconFileVersion()).toBe(String(raw().version));
    expect(ANALYZER_VERSION).toBe(analyzerVersion(loadLexicon()));
    expect(ANALYZER_VERSION).toMatch(/^\d+\.\d+\.\d+\+lexicon\./);
  });

  it('importing the package compiles no lexicon (the api imports it only to build job ids)', () => {
    jest.isolateModules(() => {
      const converterBuilt = jest.fn();
      jest.doMock('opencc-js', () => {
        const actual = jest.requireActual('opencc-js');
        return { ...actual, ConverterFactory: (...args: unknown[]) => (converterBuilt(), actual.ConverterFactory(...args)) };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pkg = require('../index') as typeof import('../index');
      expect(pkg.ANALYZER_VERSION).toBe(ANALYZER_VERSION);
      expect(converterBuilt).not.toHaveBeenCalled();
      pkg.loadLexicon(); // compiling builds the traditional-character table
      expect(converterBuilt).toHaveBeenCalled();
    });
  });

  it('reports an invalid regex with its path', () => {
    const bad = raw();
    bad.obligations.legal_aid.patterns = ['法律援助(('];
    expect(() => compileLexicon(bad)).toThrow(LexiconError);
    expect(() => compileLexicon(bad)).toThrow(/obligations\.legal_aid\.patterns\[0\]: invalid regular expression/);
  });

  it('rejects an unknown obligation id', () => {
    const bad = raw();
    bad.obligations.no_such_duty = { phrases: ['x'] };
    expect(() => compileLexicon(bad)).toThrow(/obligations\.no_such_duty: unknown obligation id/);
  });

  it('rejects a metric that is not in metrics.tsv, or has no {N}', () => {
    const bad = raw();
    bad.metrics.push({ obligation: 'legal_aid', key: 'hours', re: '{N}小时' });
    bad.metrics.push({ obligation: 'legal_aid', key: 'cases', re: '法律援助案件' });
    expect(() => compileLexicon(bad)).toThrow(/legal_aid\.hours is not in metrics\.tsv[\s\S]*needs the number placeholder/);
  });

  it('rejects a missing section with the zod path', () => {
    const bad = raw();
    delete bad.negation;
    expect(() => compileLexicon(bad)).toThrow(/at negation:/);
  });

  it('a bureau can extend the lexicon without a code change', () => {
    const ext = raw();
    ext.version = '9-local.1';
    ext.obligations.constitution_oath.phrases.push('向宪法宣誓');
    ext.obligations.legal_aid.phrases.push('法援');
    const lexicon = compileLexicon(ext);
    const a = analyzeText('一、主要工作\n全年办理法援案件12件。', { file: 'x.txt', format: 'txt', sha256: '' }, { lexicon });
    expect(a.obligations.find((o) => o.id === 'legal_aid')!.status).toBe('evidenced');
    expect(a.analyzerVersion).toMatch(/\+lexicon\.9-local\.1$/);
  });
});
