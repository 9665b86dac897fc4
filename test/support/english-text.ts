/**
 * Whether a message a person reads contains English prose. Chinese messages may name products and formats
 * (Word, PDF, .docx, UTF-8, 50 MB) and quote field names (“file”); any other Latin word is English text.
 */
const ALLOWED_WORDS = new Set(['word', 'excel', 'powerpoint', 'office', 'wps', 'gzip', 'deflate', 'zip', 'true', 'false', 'http', 'https', 'json', 'multipart', 'form', 'data', 'application']);

export function englishIn(message: unknown): string | null {
  if (typeof message !== 'string') return null;
  if (!/[\u3400-\u9fff]/.test(message)) return message.trim() ? message : null; // not a Chinese sentence at all
  const stripped = message
    .replace(/“[^”]*”|「[^」]*」|《[^》]*》|`[^`]*`/g, ' ') // quoted names (《…》: the person's own file name)
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\.[a-z0-9]{2,5}\b/gi, ' ') // file extensions
    .replace(/[a-z0-9]+\/[a-z0-9.+-]+/gi, ' '); // media types
  for (const word of stripped.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []) {
    if (/\d/.test(word)) continue; // UTF-8, GB18030, Big5, 7z
    if (/^[A-Z]{2,6}$/.test(word)) continue; // PDF, HTML, MB, UUID, OFD
    if (ALLOWED_WORDS.has(word.toLowerCase())) continue;
    return word;
  }
  return null;
}

/** Every message in an api error body (the message and each detail's message), with the English found in it. */
export function englishInErrorBody(body: unknown): string[] {
  const error = (body as { error?: { message?: unknown; details?: unknown } } | undefined)?.error;
  if (!error) return [];
  const messages: unknown[] = [error.message];
  if (Array.isArray(error.details)) for (const d of error.details) messages.push(typeof d === 'string' ? d : (d as { message?: unknown })?.message);
  const found: string[] = [];
  for (const m of messages) {
    const word = englishIn(m);
    if (word !== null) found.push(`${JSON.stringify(m)} (English: ${JSON.stringify(word)})`);
  }
  return found;
}
