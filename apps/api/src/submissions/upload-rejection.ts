import { AnalyzerError, describeAnalyzerError } from '@app/report-analyzer';
import { DomainError } from '../common/domain-error';
import { ERROR_CATALOGUE, catalogued } from '../common/error-catalogue';

/**
 * A Chinese 415/400/413 for an upload the analyzer's format detection refused. The sentence — what the file was taken
 * to be, what is wrong and what to send instead — comes from the analyzer's one table (`describeAnalyzerError`), the
 * same words the worker gives for a failed analysis; the status from the api's error catalogue.
 */
export function uploadRejection(e: AnalyzerError, fileName: string): DomainError {
  const entry = catalogued(e.code) ?? ERROR_CATALOGUE.UNSUPPORTED_FORMAT;
  return new DomainError(e.code, entry.status, describeAnalyzerError(e, fileName), e.takenAs ? { detected: e.takenAs } : undefined);
}
