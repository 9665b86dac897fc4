import { englishIn } from '../../../../test/support/english-text';
import { ApiExceptionFilter } from './api-exception.filter';
import { ERROR_CATALOGUE, megabytes } from './error-catalogue';
import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { NotFoundError } from './domain-error';

describe('error catalogue', () => {
  it('has a Chinese sentence for every code', () => {
    const english = Object.entries(ERROR_CATALOGUE).filter(([, e]) => englishIn(e.message) !== null);
    expect(english).toEqual([]);
  });

  it('names limits in MB', () => {
    expect(megabytes(52_428_800)).toBe('50 MB');
    expect(megabytes(100 * 1024)).toBe('0.10 MB');
  });

  it('never passes framework English through', () => {
    const filter = new ApiExceptionFilter({ uploadMaxBytes: 10 * 1024 * 1024 });
    const bodies = [
      filter.toBody(new NotFoundException('Cannot GET /api/x'), { method: 'GET', originalUrl: '/api/x?y=1' }),
      filter.toBody(new PayloadTooLargeException('File too large')),
      filter.toBody(new BadRequestException('Unexpected field - document')),
      filter.toBody(new BadRequestException('Some message nobody catalogued')),
      filter.toBody(Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413, expose: true })),
    ];
    expect(bodies.map((b) => b.error.code)).toEqual(['ROUTE_NOT_FOUND', 'FILE_TOO_LARGE', 'UNEXPECTED_FILE_FIELD', 'BAD_REQUEST', 'BODY_TOO_LARGE']);
    expect(bodies.map((b) => englishIn(b.error.message))).toEqual([null, null, null, null, null]);
    expect(bodies[1].error.message).toContain('10 MB');
  });

  it('gives a resource\'s 404 the same sentence whichever path raised it', () => {
    expect(new NotFoundError('SUBMISSION_NOT_FOUND', '乡镇（街道）不存在').message).toBe(new NotFoundError('SUBMISSION_NOT_FOUND').message);
  });
});
