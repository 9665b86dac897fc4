import { englishIn, englishInErrorBody } from './english-text';

describe('englishIn', () => {
  it.each([
    'Cannot GET /api/nope',
    'File too large',
    'property extra should not exist',
    '请求参数不合法：year must be an integer number',
    'Unauthorized',
    '文件被识别为 a PNG image',
  ])('finds English in %s', (m) => expect(englishIn(m)).not.toBeNull());

  it.each([
    '请先登录',
    '文件超过大小上限（最大 50 MB），请压缩图片或拆分文件后上传',
    '该文件被识别为旧版 Office/WPS 文件（.doc、.wps、.xls）或加密的文档，不支持此类型。请在 Word 或 WPS 中“另存为” .docx 或导出为 PDF（不加密码）后上传',
    '文本须使用 UTF-8 编码；或 GB18030、Big5',
    '文件须放在名为“file”的字段中',
    '年度须为整数（只含数字）',
    '文件《annual report final.png》被识别为PNG 图片（扫描件或照片），系统不能从这种文件中读取文字',
  ])('accepts %s', (m) => expect(englishIn(m)).toBeNull());

  it('scans the details of a validation error', () => {
    expect(englishInErrorBody({ error: { message: '请求参数不合法', details: [{ message: 'year must be an integer' }] } })).toHaveLength(1);
    expect(englishInErrorBody({ error: { message: '请求参数不合法', details: ['kind must be one of'] } })).toHaveLength(1);
    expect(englishInErrorBody({ ok: true })).toEqual([]);
  });
});
