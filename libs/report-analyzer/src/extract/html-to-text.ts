// HTML → plain text. Two uses:
//  - htmlPageToText: a report saved from a county government site. The article sits among site chrome (navigation,
//    breadcrumbs "您当前所在位置", metadata tables 索引号/发布机构, share/print widgets, "返回顶部", footers). We strip
//    the obvious chrome, then pick the element that holds the bulk of the non-link Chinese text, and put the article
//    title first.
//  - htmlFragmentToText: mammoth's HTML for a .docx; everything is content, only the block structure matters.
// Parsing uses cheerio's htmlparser2 build ("cheerio/slim"): several times faster than parse5 on large pages.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element, Text } from 'domhandler';
import { AnalyzerError } from '../errors';
import { decodeText, normaliseCharsetName } from './decode-text';

/** htmlparser2's open-tag handling is quadratic in nesting depth; pages deeper than this are refused, not parsed. */
const MAX_NESTING_DEPTH = 1000;

// Elements that never hold the article.
const NOISE_SELECTOR = [
  'head', 'title', 'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'object', 'embed', 'svg', 'canvas', 'link', 'meta',
  'nav', 'aside', 'form', 'button', 'select', 'input', 'textarea', 'map', 'audio', 'video', 'img',
].join(',');

// class / id tokens of site chrome. Only removed when the element holds little of the page's text (see below), so a
// wrapper unluckily named "main-head" cannot take the article with it.
const CHROME_ATTR =
  /(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|location|position|weizhi|dqwz|share|bdshare|jiathis|print|toolbar|tools?|sidebar|side|topbar|top|banner|header|head|footer|foot|bottom|copyright|friendlink|yqlj|qrcode|ewm|erweima|search|login|fontsize|zihao|gotop|backtop|back-top|related|xgwz|xgxx|pager|pagination|comment)(?:$|[\s_-])/i;
const CHROME_MAX_SHARE = 0.2;

// Labels of the metadata block government CMSs print above an article ("索引号：…  发布机构：…"). A label counts only
// in label position (before a colon, or alone in a cell), and one of the labels no report sentence uses must be
// there, so a paragraph about 规范性文件 "文号" and "有效性" is never taken for metadata.
const META_LABELS = ['索引号', '发布机构', '发文机关', '发文日期', '成文日期', '发布日期', '主题分类', '信息分类', '体裁分类', '文号', '公开方式', '公开范围', '有效性', '主题词'];
const META_ONLY_LABEL = /索引号|发布机构|发文机关|主题分类|信息分类|体裁分类|成文日期/;
const META_CONTAINERS = new Set(['table', 'tbody', 'ul', 'dl', 'div', 'section', 'ol']);
const META_BLOCK_MAX_CHARS = 500;

// Descend from <body> into the child holding the bulk of the text while what is left beside it is small: stopping
// early keeps a little chrome (filtered by line below), descending too far would lose part of the report.
const DESCEND_MIN_SHARE = 0.9;
const DESCEND_MAX_LEFT = 300;

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup',
  'hr', 'html', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot',
  'thead', 'tr', 'ul',
]);
/** Blocks inside a table cell shorter than this render inline, so a row stays one line ("行政执法人员 8名"). */
const SHORT_CELL_CHARS = 100;

// Whole lines of page chrome that survive element-level stripping (pages glue widgets into one text run).
const CHROME_LINE = [
  /^(?:您(?:当前|现在)?(?:的)?(?:所在)?(?:位置|所在位置)|当前位置|所在位置)\s*[:：]/,
  /^首页\s*[>＞»›]/,
  /^今天是.{0,30}欢迎(?:访问|来到)/,
  /^(?:上一篇|下一篇|相关(?:链接|文章|阅读|新闻|附件)?)\s*[:：]/,
  /^(?:主办单位|承办单位|网站标识码|ICP备|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP备|网站地图|版权所有)/,
];
// A line made only of these tokens is a widget bar ("返回顶部打印页面关闭本页浏览次数:-").
const WIDGET_TOKENS =
  /(?:返回顶部|回到顶部|返回首页|打印页面|打印本页|打印此页|打印|关闭本页|关闭窗口|点击关闭|关闭|收藏本页|收藏|分享到|扫一扫在手机打开当前页|扫一扫在手机上查看当前页面|扫一扫|字[号体]|[大中小](?!\p{Script=Han})|(?:浏览次数|访问量|阅读次数|浏览量|点击数)\s*[:：]?\s*-?\d*|[【】[\]|:：\s-])+/gu;
// Widgets embedded in an otherwise useful line ("来源：本网 发布时间：2024-01-16 【字体：大 中 小】【打印】").
const INLINE_WIDGETS =
  /【\s*(?:打印|关闭|收藏|返回顶部|字[体号]\s*[:：]?\s*(?:[大中小]\s*)*|[大中小])\s*】|字[体号]\s*[:：]\s*(?:[[【]?\s*[大中小]\s*[\]】]?\s*){3}|[[【]\s*(?:打印本页|关闭窗口)\s*[\]】]/g;

// Required, not imported: the "cheerio/slim" subpath exists only in the package's exports map, which the project's
// TypeScript resolution (node10) does not read; Node's require does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cheerio = require('cheerio/slim') as { load: (html: string) => CheerioAPI };

const HAS_WORD = /[\p{Script=Han}\p{L}\p{N}]/u;

export function decodeHtml(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const metaCharset = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  const xmlEncoding = /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head)?.[1];
  const declared = metaCharset ?? xmlEncoding;
  return decodeText(bytes, { declaredCharset: normaliseCharsetName(declared) }).text;
}

/** The article of a saved web page, title first. Throws NO_CONTENT when the page has no article text. */
export function htmlPageToText(html: string): string {
  assertNestingDepth(html);
  const $ = cheerio.load(html);
  const docTitle = $('title').first().text();
  const metaTitle =
    $('meta[name="ArticleTitle" i]').attr('content') ?? $('meta[property="og:title" i]').attr('content') ?? '';
  $(NOISE_SELECTOR).remove();
  const body = ($('body').get(0) ?? $.root().get(0)) as Element | undefined;
  if (!body) throw noContent();

  removeChrome(body);
  const { han } = measure(body);
  if ((han.get(body) ?? 0) === 0 && !HAS_WORD.test($(body).text())) throw noContent();

  const root = pickArticleRoot(body, han);
  const lines = cleanPageLines(renderText(root).split('\n'));
  if (!lines.some((l) => HAS_WORD.test(l))) throw noContent();

  const title = pickTitle(body, root, metaTitle, docTitle);
  if (title && !lines.slice(0, 5).some((l) => sameTitle(l, title))) lines.unshift(title);
  return lines.join('\n');
}

/** mammoth's HTML of a .docx: all of it is content; paragraphs and table rows become lines. */
export function htmlFragmentToText(html: string): string {
  assertNestingDepth(html);
  const $ = cheerio.load(html);
  const root = $.root().get(0);
  return root ? renderText(root) : '';
}

function noContent(): AnalyzerError {
  return new AnalyzerError('NO_CONTENT', 'The HTML page holds no article text.');
}

/**
 * Cheap upper bound of element nesting, from tag names alone. Void elements and the ones the parser closes
 * implicitly (p, li, td…) are not counted, so tag soup with unclosed <p> does not trip it.
 */
function assertNestingDepth(html: string): void {
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g;
  const flat = /^(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|p|li|dt|dd|td|th|tr|option)$/i;
  let depth = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (flat.test(m[2])) continue;
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > MAX_NESTING_DEPTH) {
      throw new AnalyzerError('TOO_LARGE', `The HTML is nested more than ${MAX_NESTING_DEPTH} elements deep.`);
    }
  }
}

const isElement = (n: AnyNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const childrenOf = (n: AnyNode): AnyNode[] => ('children' in n ? (n.children as AnyNode[]) : []);

/** Elements of the subtree in document order (iterative: deep trees must not overflow the stack). */
function elementsInOrder(root: Element): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    out.push(el);
    const kids = childrenOf(el);
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (isElement(k)) stack.push(k);
    }
  }
  return out;
}

interface Measures {
  /** Han characters outside links, per element (links are navigation; article text is rarely linked). */
  han: Map<Element, number>;
  /** All characters, per element. */
  chars: Map<Element, number>;
}

function measure(root: Element): Measures {
  const han = new Map<Element, number>();
  const chars = new Map<Element, number>();
  const order = elementsInOrder(root);
  for (let i = order.length - 1; i >= 0; i--) {
    const el = order[i];
    let h = 0;
    let c = 0;
    for (const k of childrenOf(el)) {
      if (k.type === 'text') {
        const data = (k as Text).data;
        c += data.length;
        if (el.name !== 'a') h += countHan(data);
      } else if (isElement(k)) {
        c += chars.get(k) ?? 0;
        if (k.name !== 'a') h += han.get(k) ?? 0;
      }
    }
    han.set(el, h);
    chars.set(el, c);
  }
  return { han, chars };
}

/** Han characters (BMP blocks plus supplementary-plane ideographs by their high surrogates); a code-unit loop is ~10x
 * faster than a \p{Script=Han} regex and this runs over every text node of the page. */
function countHan(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const han =
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xd840 && c <= 0xd87f);
    if (han) n++;
  }
  return n;
}

function removeChrome(body: Element): void {
  const { han, chars } = measure(body);
  const total = han.get(body) ?? 0;
  const doomed: Element[] = [];
  const order = elementsInOrder(body);
  const removed = new Set<Element>();
  for (const el of order) {
    if (el === body || (el.parent && removed.has(el.parent as Element))) {
      if (el !== body) removed.add(el);
      continue;
    }
    const name = el.name;
    const attrs = `${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`;
    const small = (han.get(el) ?? 0) <= total * CHROME_MAX_SHARE;
    const chrome =
      ((name === 'header' || name === 'footer') && small && !insideArticle(el)) ||
      (small && CHROME_ATTR.test(attrs)) ||
      ((chars.get(el) ?? 0) <= META_BLOCK_MAX_CHARS && isMetadataBlock(el));
    if (chrome) {
      doomed.push(el);
      removed.add(el);
    }
  }
  for (const el of doomed) detach(el);
}

function insideArticle(el: Element): boolean {
  for (let p = el.parent; p; p = p.parent) if (isElement(p) && (p.name === 'article' || p.name === 'main')) return true;
  return false;
}

function isMetadataBlock(el: Element): boolean {
  if (!META_CONTAINERS.has(el.name)) return false;
  const text = plainText(el);
  if (!META_ONLY_LABEL.test(text)) return false;
  const cells = new Set(elementsInOrder(el).map((e) => plainText(e).replace(/[\s:：]+/g, '')));
  let hits = 0;
  for (const label of META_LABELS) {
    if ((new RegExp(`${label}\\s*[:：]`).test(text) || cells.has(label)) && ++hits >= 2) return true;
  }
  return false;
}

function detach(el: Element): void {
  const parent = el.parent;
  if (!parent) return;
  const siblings = childrenOf(parent);
  const i = siblings.indexOf(el);
  if (i >= 0) siblings.splice(i, 1);
  if (el.prev) el.prev.next = el.next;
  if (el.next) el.next.prev = el.prev;
  el.parent = el.prev = el.next = null;
}

function pickArticleRoot(body: Element, han: Map<Element, number>): Element {
  let node = body;
  for (;;) {
    const total = han.get(node) ?? 0;
    let best: Element | undefined;
    for (const k of childrenOf(node)) {
      if (isElement(k) && k.name !== 'a' && (han.get(k) ?? 0) > (best ? (han.get(best) ?? 0) : 0)) best = k;
    }
    if (!best) return node;
    const share = han.get(best) ?? 0;
    if (share < total * DESCEND_MIN_SHARE || total - share > DESCEND_MAX_LEFT) return node;
    node = best;
  }
}

const TITLE_ATTR = /(?:^|[\s_-])(?:title|tit|bt|biaoti)(?:$|[\s_-]|\d)/i;

/** The article title: the page's ArticleTitle meta, else the last heading before the article, else <title>. */
function pickTitle(body: Element, root: Element, metaTitle: string, docTitle: string): string | undefined {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const plausible = (s: string) => countHan(s) >= 4 && s.length <= 120;
  const meta = clean(metaTitle);
  if (plausible(meta)) return meta;
  const docFirst = clean(docTitle.split(/\s*[_|｜]\s*|\s+[-–—]\s+/)[0] ?? '');
  let heading: string | undefined;
  for (const el of elementsInOrder(body)) {
    if (el === root) break;
    const attrs = `${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`;
    const isHeading = /^h[1-3]$/.test(el.name) || TITLE_ATTR.test(attrs);
    if (!isHeading) continue;
    const text = clean(plainText(el));
    if (plausible(text)) heading = text;
  }
  // Inside the article root, an h1 or title-classed element near its start is the title too.
  if (!heading) {
    for (const el of elementsInOrder(root).slice(0, 50)) {
      if (/^h[1-2]$/.test(el.name)) {
        const text = clean(plainText(el));
        if (plausible(text)) return text;
      }
    }
  }
  if (heading) return heading;
  return plausible(docFirst) ? docFirst : undefined;
}

function sameTitle(line: string, title: string): boolean {
  const squash = (s: string) => s.replace(/\s+/g, '');
  const a = squash(line);
  const b = squash(title);
  return a.length > 0 && (a === b || a.includes(b) || (b.includes(a) && a.length >= b.length * 0.6));
}

function plainText(el: AnyNode): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [el];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') parts.push((n as Text).data);
    const kids = childrenOf(n);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return parts.join('');
}

/**
 * Text with block elements on their own lines. Whitespace inside text collapses as a browser would render it,
 * except in <pre>; table rows become lines with cells separated by a tab (a space would vanish between CJK cells in
 * normalisation, gluing "宪法宣誓" to "5人"; a tab is kept as the cell boundary, as for text and .doc tables).
 * Iterative, for deep trees.
 */
function renderText(root: AnyNode): string {
  const out: string[] = [];
  type Frame = { node: AnyNode } | { emit: string } | { endPre: true } | { restoreInline: boolean };
  const stack: Frame[] = [{ node: root }];
  let preDepth = 0;
  let inlineBlocks = false; // inside a short table cell: blocks render as spaces
  while (stack.length) {
    const frame = stack.pop()!;
    if ('emit' in frame) {
      out.push(frame.emit);
      continue;
    }
    if ('endPre' in frame) {
      preDepth--;
      continue;
    }
    if ('restoreInline' in frame) {
      inlineBlocks = frame.restoreInline;
      continue;
    }
    const n = frame.node;
    if (n.type === 'text') {
      const data = (n as Text).data;
      out.push(preDepth > 0 ? data : data.replace(/[ \t\n\r\f]+/g, ' '));
      continue;
    }
    if (n.type !== 'tag' && n.type !== 'root') continue; // comments, directives, leftover script/style
    const name = n.type === 'tag' ? (n as Element).name : '';
    let edge = '';
    if (name === 'br') {
      out.push('\n');
    } else if (name === 'td' || name === 'th') {
      edge = '\t';
      stack.push({ restoreInline: inlineBlocks });
      inlineBlocks = plainText(n).length < SHORT_CELL_CHARS;
    } else if (name === 'tr' || name === 'table') {
      edge = '\n';
    } else if (BLOCK_TAGS.has(name)) {
      edge = inlineBlocks ? ' ' : '\n';
    }
    if (name === 'pre') {
      preDepth++;
      stack.push({ endPre: true });
    }
    if (edge) {
      out.push(edge);
      stack.push({ emit: edge });
    }
    const kids = childrenOf(n);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] });
  }
  return out.join('');
}

function cleanPageLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    // a run of blanks holding a tab stays a tab: it is a table cell boundary
    const line = raw
      .replace(INLINE_WIDGETS, ' ')
      .replace(/[ \t\u00A0\u3000]+/g, (run) => (run.includes('\t') ? '\t' : ' '))
      .trim();
    if (!line) {
      out.push('');
      continue;
    }
    if (CHROME_LINE.some((re) => re.test(line))) continue;
    if (line.replace(WIDGET_TOKENS, '') === '') continue;
    out.push(line);
  }
  return out;
}
