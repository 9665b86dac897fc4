import type { OcrLine } from './ocr';
import { MIN_SKEW_DEGREES, orientationTrials, readingScore, skewCorrection } from './ocr-orientation';

/** A level line of `text` at row `row`: 24 px a character, 30 px high. */
const level = (text: string, confidence = 0.98, row = 0, angle = 0): OcrLine => [text, confidence, 50, 40 * row, 50 + 24 * text.length, 40 * row + 30, angle];
/** The same line standing on its side. */
const standing = (text: string, confidence = 0.98, column = 0): OcrLine => [text, confidence, 40 * column, 50, 40 * column + 30, 50 + 24 * text.length, 90];
const PARA = ['金马镇2023年法治政府建设工作报告', '坚持以习近平新时代中国特色社会主义思想为指导', '深入贯彻落实党的二十大精神'];

describe('orientationTrials', () => {
  it('tries nothing for an upright page read with confidence', () => {
    expect(orientationTrials(PARA.map((t, i) => level(t, 0.97, i)))).toEqual([]);
  });

  it('tries a quarter turn both ways when most of the text stands in tall boxes, even as one block', () => {
    expect(orientationTrials(PARA.map((t, i) => standing(t, 0.97, i)))).toEqual([90, 270]);
    expect(orientationTrials([standing(PARA.join(''), 0.99)])).toEqual([90, 270]);
  });

  it('tries a half turn when nothing was read, or when the lines read are unsure', () => {
    expect(orientationTrials([])).toEqual([180]);
    expect(orientationTrials([level('口', 0.4)])).toEqual([180]);
    expect(orientationTrials(PARA.map((t, i) => level(t, 0.6, i)))).toEqual([180]);
  });

  it('does not turn a page with a few short, unsure marks that are still text (a stamp and a date)', () => {
    expect(orientationTrials([level('金马镇人民政府', 0.5), level('2024年1月2日', 0.95, 1)])).toEqual([]);
  });
});

describe('readingScore', () => {
  it('counts characters by confidence on level lines only', () => {
    expect(readingScore([level('法治 政府', 0.5), level('建设', 1, 1)])).toBe(4 * 0.5 + 2);
    expect(readingScore([standing('法治政府建设', 1)])).toBe(0);
  });
});

describe('skewCorrection', () => {
  it('straightens a page slanted past the threshold by the median slope of its long level lines', () => {
    expect(skewCorrection(PARA.map((t, i) => level(t, 0.97, i, [5.5, 6, 6.5][i])))).toBe(-6);
    expect(skewCorrection(PARA.map((t, i) => level(t, 0.97, i, -4)))).toBe(4);
  });

  it('leaves a page alone below the threshold, past 20°, or with too few lines to tell', () => {
    expect(skewCorrection(PARA.map((t, i) => level(t, 0.97, i, MIN_SKEW_DEGREES - 0.1)))).toBe(0);
    expect(skewCorrection(PARA.map((t, i) => level(t, 0.97, i, 25)))).toBe(0);
    expect(skewCorrection(PARA.slice(0, 2).map((t, i) => level(t, 0.97, i, 6)))).toBe(0);
  });
});
