// Text extraction: upload bytes → the normalised plain text every analysis offset refers to.
export { detectFormat, type DetectOptions } from './detect-format';
export { extractText, EXTRACT_DEFAULTS, type ExtractOptions } from './extract-text';
export { normalizeText } from './normalize-text';
export { decodeText } from './decode-text';
export { toSimplifiedShadow } from './simplified-shadow';
export { closePdfWorker } from './pdf-text-worker';
export { closeDocumentWorker } from './document-worker';
export { closeOcrWorker } from './ocr';
