import { readFileSync } from 'fs';
import * as iconv from 'iconv-lite';
import { join } from 'path';
import { buildMatchText } from '../analyze/match-text';
import { AnalyzerError } from '../errors';
import { extractText } from './extract-text';
import { toSimplifiedShadow } from './simplified-shadow';

const govPage = readFileSync(join(__dirname, '../../test-fixtures/gov-page.html'), 'utf8');

const codeOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (e) => (e instanceof AnalyzerError ? e.code : `non-AnalyzerError: ${String(e)}`),
  );

// Real files, worker start-up and large inputs: more than jest's 5 s default on a busy machine.
jest.setTimeout(30_000);

describe('HTML pages', () => {
  it('keeps the article of a county government page, title first, and drops the site chrome', async () => {
    const { format, text } = await extractText(Buffer.from(govPage, 'utf8'), { fileName: 'page.html' });
    expect(format).toBe('html');
    const lines = text.split('\n').filter(Boolean);
    expect(lines[0]).toBe('广州市从化区鳌头镇人民政府关于2023年度法治政府建设情况的报告');
    expect(lines[1]).toMatch(/^2023年,鳌头镇坚持以习近平新时代中国特色社会主义思想为指导/);
    expect(lines).toContain('一、主要工作及成效');
    expect(lines).toContain('二、存在问题');
    expect(lines).toContain('三、下一年度重点工作');
    // A table row stays one line, its cells apart by a tab.
    expect(lines).toContain('行政执法人员\t共8名');
    expect(lines).toContain('法律顾问覆盖率\t100%');
    for (const chrome of [
      '今天是', '无障碍', '首页', '您当前所在位置', '政务服务', '索引号', '发布机构', '主题分类', '成文日期', '字体',
      '打印', '关闭', '分享到', '扫一扫', '返回顶部', '浏览次数', '相关文章', '温泉镇', '主办单位', 'ICP', '网站地图',
      'doZoom', 'shareTitle', '请输入关键词',
    ]) {
      expect(text).not.toContain(chrome);
    }
    // The title is not repeated.
    expect(text.split('鳌头镇人民政府关于2023年度法治政府建设情况的报告').length).toBe(2);
  });

  it('decodes GBK pages by their meta charset, and Big5 pages too', async () => {
    const utf8 = await extractText(Buffer.from(govPage, 'utf8'));
    const gbkPage = govPage.replace('charset=utf-8', 'charset=gb2312');
    const gbk = await extractText(iconv.encode(gbkPage, 'gbk'));
    expect(gbk.text).toBe(utf8.text);

    const big5Page =
      '<html><head><meta charset="big5"><title>青山鎮2023年法治政府建設情況報告_政府網</title></head><body>' +
      '<div class="nav"><a href="/">首頁</a></div>' +
      '<div id="zoom"><p>全年制發行政規範性文件2件，均經合法性審核。</p><p>聘請法律顧問2名。</p></div></body></html>';
    const big5 = await extractText(iconv.encode(big5Page, 'big5'));
    expect(big5.text).toBe('青山鎮2023年法治政府建設情況報告\n\n全年制發行政規範性文件2件，均經合法性審核。\n\n聘請法律顧問2名。');
    const shadow = toSimplifiedShadow(big5.text);
    expect(shadow).toHaveLength(big5.text.length);
    const at = shadow.indexOf('规范性文件');
    expect(big5.text.slice(at, at + 5)).toBe('規範性文件');
  });

  it('keeps every part of an article split into sibling blocks (Word "save as web page" sections)', async () => {
    const page =
      '<html><body><div class="wrap">' +
      `<div class="WordSection1">${'<p>一、主要工作。全面推进依法行政，规范行政执法行为。</p>'.repeat(30)}</div>` +
      `<div class="WordSection2">${'<p>二、存在问题。法治宣传形式较为单一。</p>'.repeat(6)}</div>` +
      '</div></body></html>';
    const { text } = await extractText(Buffer.from(page));
    expect(text).toContain('一、主要工作');
    expect(text).toContain('二、存在问题');
  });

  it('drops a metadata table laid out in cells without colons, but keeps report sentences using the same words', async () => {
    const page =
      '<html><body><table class="info"><tr><td>索引号</td><td>0012/2024-01</td></tr><tr><td>发布机构</td><td>青山镇</td></tr>' +
      '<tr><td>主题分类</td><td>政务公开</td></tr></table>' +
      '<div class="text"><div>严格审核规范性文件的文号、有效性和公开范围，发布日期统一公示。</div>' +
      `${'<p>全面推进依法行政，规范行政执法行为，全年开展执法检查12次。</p>'.repeat(5)}</div></body></html>`;
    const { text } = await extractText(Buffer.from(page));
    expect(text).not.toContain('索引号');
    expect(text).not.toContain('0012/2024-01');
    expect(text).toContain('严格审核规范性文件的文号、有效性和公开范围，发布日期统一公示。');
  });

  it('answers NO_CONTENT for a page without article text', async () => {
    expect(await codeOf(extractText(Buffer.from('<html><head><title>报告</title></head></html>')))).toBe('NO_CONTENT');
    expect(await codeOf(extractText(Buffer.from('<!DOCTYPE html><html><head></head><body>   </body></html>')))).toBe(
      'NO_CONTENT',
    );
    const chromeOnly =
      '<html><body><script>var 标题 = "法治";</script><style>p{}</style><div class="nav"><a href="/">首页</a></div>' +
      '<div id="gotop">返回顶部</div></body></html>';
    expect(await codeOf(extractText(Buffer.from(chromeOnly)))).toBe('NO_CONTENT');
  });

  it('refuses absurdly nested markup quickly instead of parsing it', async () => {
    const deep = `<html><body>${'<div>'.repeat(200_000)}法治</body></html>`;
    expect(await codeOf(extractText(Buffer.from(deep)))).toBe('TOO_LARGE');
  });

  it('keeps table cells apart with tabs and rows on lines, so CJK cells do not glue in matching', async () => {
    const page =
      '<html><body><p>全年开展法治宣传活动,成效明显。</p><table><tr><th>项目</th><th> 人数 </th></tr>' +
      '<tr><td>宪法宣誓</td><td><p>5人</p></td></tr></table></body></html>';
    const { text } = await extractText(Buffer.from(page), { fileName: 'page.html' });
    expect(text).toBe('全年开展法治宣传活动,成效明显。\n\n项目\t人数\n\n宪法宣誓\t5人');
    expect(buildMatchText(text, text).s).toBe('全年开展法治宣传活动,成效明显。\n\n项目\t人数\n\n宪法宣誓\t5人');
  });

  it('reads a bare fragment and keeps paragraphs and line breaks', async () => {
    const { text } = await extractText(Buffer.from('<p>第一段<br>第二行</p><p>第 3 段</p>'));
    expect(text).toBe('第一段\n第二行\n\n第3段');
  });
});
