import { Injectable, PipeTransform } from '@nestjs/common';
import { BadRequestError, NotFoundError } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a uuid cannot name anything: 404 with the resource's code, never a database error. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly notFoundCode: string) {}
  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFoundError(this.notFoundCode);
    return value.toLowerCase();
  }
}

export const isUuid = (v: string) => UUID.test(v);

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Report years outside 2000–2100 are mistakes, not lookups: 400. */
@Injectable()
export class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = Number(value);
    if (!/^\d{4}$/.test(String(value)) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new BadRequestError('INVALID_YEAR', `年份须为 ${MIN_YEAR}–${MAX_YEAR} 之间的四位数字`);
    }
    return year;
  }
}
