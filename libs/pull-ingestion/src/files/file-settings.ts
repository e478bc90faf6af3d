import { join } from 'node:path';
import { ValidationError } from '@ferry/core';
import { PREFIX, type FlatSettings } from '../settings/flatten';
import { parseIngestionSource, type IngestionSource } from '../settings/ingestion-settings';
import { outsideRoots, type FileRoots } from './file-roots';

/** Every path setting of `source` that leads outside the roots, as a refusal message. */
export function filePathIssues(files: FileRoots, source: IngestionSource): string[] {
  const issues: string[] = [];
  if (source.type === 'file') {
    const base = source.params.base_directory;
    if (files.locate(base) === undefined) issues.push(outsideRoots(`${PREFIX}param.base_directory`));
    else if (files.locate(join(base, source.params.stream)) === undefined) issues.push(outsideRoots(`${PREFIX}param.stream`));
  }
  if (source.deadLetter.type === 'file' && files.locate(source.deadLetter.path) === undefined) issues.push(outsideRoots(`${PREFIX}dead_letter.path`));
  return issues;
}

/** Refuses (400) ingestion settings naming a file source or dead-letter file outside the roots. */
export function assertFilePaths(files: FileRoots, flat: FlatSettings): void {
  const issues = filePathIssues(files, parseIngestionSource(flat));
  if (issues.length > 0) throw new ValidationError(issues.join('; '), { type: 'illegal_argument_exception', details: { issues } });
}

/** The real directory of a file source's stream (`<base_directory>/<stream>`), checked against the roots. */
export function streamDirectory(files: FileRoots, params: Record<string, string>): string {
  return files.resolve(join(params.base_directory, params.stream), `${PREFIX}param.stream`);
}
