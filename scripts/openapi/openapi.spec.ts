import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateOpenApiFiles } from './generate';

// The web's api types are generated, never written by hand: this fails when a controller or DTO changed and
// `npm run openapi` was not run, so the web cannot silently drift from the api.
jest.setTimeout(60_000);

describe('generated web api types', () => {
  it('are in sync with the api (run `npm run openapi` when this fails)', async () => {
    const files = await generateOpenApiFiles();
    for (const [file, content] of Object.entries(files)) {
      expect({ file: path.basename(file), content: readFileSync(file, 'utf8') }).toEqual({ file: path.basename(file), content });
    }
  });

  it('document the responses the web reads', () => {
    const doc = JSON.parse(readFileSync(path.join(__dirname, '../../apps/web/src/api/openapi.json'), 'utf8'));
    const ok = (p: string, m = 'get') => doc.paths[p]?.[m]?.responses?.['200']?.content?.['application/json']?.schema;
    expect(ok('/api/townships/{id}/checklists/{year}')).toEqual({ $ref: '#/components/schemas/ChecklistViewDto' });
    expect(ok('/api/counties/{id}/matrix')).toEqual({ $ref: '#/components/schemas/CountyMatrixDto' });
    expect(ok('/api/findings')).toEqual({ $ref: '#/components/schemas/FindingPageDto' });
    expect(ok('/api/submissions/{id}/withdraw', 'post')).toEqual({ $ref: '#/components/schemas/SubmissionViewDto' });
    expect(ok('/api/checklist-items/{id}', 'patch')).toEqual({ $ref: '#/components/schemas/ReviewedItemDto' });
    expect(ok('/api/admin/reminders/run', 'post')).toEqual({ $ref: '#/components/schemas/ReminderRunAnswerDto' });
    const created = doc.paths['/api/counties/{id}/templates'].post.responses['201'].content['application/json'].schema;
    expect(created).toEqual({ $ref: '#/components/schemas/TemplateWithObligationsDto' });
    // The owner of a template and whether a township reported: the web shows both.
    expect(doc.components.schemas.TemplateSummaryDto.properties.countyId).toBeDefined();
    expect(doc.components.schemas.MatrixRowDto.properties.reportStatus.enum).toEqual(['submitted', 'not_submitted']);
    expect(doc.components.schemas.ChecklistItemViewDto.properties.evidence.items).toEqual({ $ref: '#/components/schemas/EvidenceViewDto' });
  });
});
