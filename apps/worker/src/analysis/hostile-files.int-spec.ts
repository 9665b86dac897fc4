// Hostile and unusual documents through the real analysis queue: a failing file ends as a failed submission with a
// Chinese reason, and the worker goes on analysing the others (issue 13, "the worker must survive hostile files").
import { readFileSync } from 'fs';
import { join } from 'path';
import { crc32, deflateRawSync } from 'zlib';
import { Submission, type FileFormat } from '@app/persistence';
import { QUEUES, addJob, analysisJob } from '@app/queue';
import { buildDocx, buildZip, docxParts } from '../../../../libs/report-analyzer/test-fixtures/build-zip';
import { truncateAll } from '../../../../test/support/test-db';
import { seedWorld, startWorker, waitFor, type World, type WorkerHarness } from '../../../../test/worker/worker-harness';

jest.setTimeout(90_000);

const FIXTURES = join(__dirname, '../../../../libs/report-analyzer/test-fixtures');

/** 339 KB on disk, word/document.xml inflating to 95 MB: the file that drove a worker to 3.7 GB. */
function docxBomb(): Buffer {
  const total = 95 * 1024 * 1024;
  const paragraph = Buffer.from('<w:p><w:r><w:t>全镇共8名行政执法人员持证上岗。</w:t></w:r></w:p>');
  const xml = Buffer.alloc(total);
  for (let o = 0; o < total; o += paragraph.length) paragraph.copy(xml, o, 0, Math.min(paragraph.length, total - o));
  const deflated = deflateRawSync(xml, { level: 6 });
  return buildZip(
    docxParts(['x']).map((e) =>
      e.name === 'word/document.xml' ? { name: e.name, data: deflated, predeflated: { size: total, crc: crc32(xml) } } : e,
    ),
  );
}

describe('hostile files in the worker', () => {
  let h: WorkerHarness;
  let world: World;

  const submit = async (fileName: string, format: FileFormat, bytes: Buffer): Promise<Submission> => {
    const { sha256, key } = await h.files.put(bytes);
    const repo = h.ds.getRepository(Submission);
    const row = await repo.save(
      repo.create({
        townshipId: world.byCode('jinma').id,
        year: 2023,
        kind: 'annual_report',
        fileName,
        format,
        mediaType: 'application/octet-stream',
        sizeBytes: bytes.length,
        sha256,
        storageKey: key,
        status: 'queued',
      }),
    );
    await addJob(h.queue(QUEUES.analysis), analysisJob(row.id, 'test', 0));
    return row;
  };
  const settled = (id: string) =>
    waitFor(`submission ${id} settled`, async () => {
      const r = await h.ds.getRepository(Submission).findOneByOrFail({ id });
      return (r.status === 'failed' || r.status === 'analyzed') && r;
    }, 60_000);

  afterEach(() => h?.close());

  it('fails the 95 MB-XML .docx with a Chinese reason and goes on analysing a .doc and an .ofd', async () => {
    h = await startWorker({ prefix: 'hostile' });
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
    const bomb = await submit('炸弹.docx', 'docx', docxBomb());
    const doc = await submit('青山镇报告.doc', 'doc', readFileSync(join(FIXTURES, 'report.doc')));
    const ofd = await submit('青山镇报告.ofd', 'ofd', readFileSync(join(FIXTURES, 'report.ofd')));
    const failed = await settled(bomb.id);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'TOO_LARGE' });
    expect(failed.errorMessage).toMatch(/^文件《炸弹\.docx》.*内容过大.*请/);
    expect(await settled(doc.id)).toMatchObject({ status: 'analyzed' });
    expect(await settled(ofd.id)).toMatchObject({ status: 'analyzed' });
  });

  it('takes the XML cap from DOCUMENT_MAX_XML_BYTES', async () => {
    h = await startWorker({ prefix: 'hostile-cap', env: { DOCUMENT_MAX_XML_BYTES: String(1024 * 1024) } });
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
    const big = await submit('大报告.docx', 'docx', buildDocx(['金马镇2023年法治政府建设工作报告', '全镇依法行政。'.repeat(200_000)]));
    const small = await submit('小报告.docx', 'docx', buildDocx(['金马镇2023年法治政府建设工作报告', '全镇依法行政。']));
    expect(await settled(big.id)).toMatchObject({ status: 'failed', errorCode: 'TOO_LARGE' });
    expect(await settled(small.id)).toMatchObject({ status: 'analyzed' });
  });
});
