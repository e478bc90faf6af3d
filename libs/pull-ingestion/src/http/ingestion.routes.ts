import { Router } from 'express';
import { jsonBody, ValidationError, withInput } from '@ferry/core';
import { ingestionState, pauseIngestion, resumeIngestion, type ResetSetting } from '../engine/ingestion-api';
import type { IngestionService } from '../engine/ingestion-service';
import { resolveIndices, type IndexExists } from '../engine/resolve-indices';
import { resumeBodySchema, stateQuerySchema } from './ingestion.schemas';

function requestValidation(message: string): ValidationError {
  return new ValidationError(`Validation Failed: 1: ${message};`, { type: 'action_request_validation_exception' });
}

/** OpenSearch's `ResumeIngestionRequest.validate`, then the mode parsed case-insensitively. */
function parseResets(body: { reset_settings?: { shard?: number; mode?: string; value?: string | number }[] } | undefined): ResetSetting[] {
  return (body?.reset_settings ?? []).map((r) => {
    if (r.shard === undefined || r.shard < 0 || r.mode === undefined || r.value === undefined) throw requestValidation('ResetSettings is missing either shard, mode or value');
    const mode = r.mode.toLowerCase();
    if (mode !== 'offset' && mode !== 'timestamp') throw requestValidation(`Invalid reset mode [${r.mode}]. Valid values are: offset, timestamp`);
    return { shard: r.shard, mode, value: String(r.value) };
  });
}

function parseSize(text: string | undefined): number {
  if (text === undefined) return 1000;
  if (!/^-?\d+$/.test(text)) throw new ValidationError(`Failed to parse int parameter [size] with value [${text}]`, { type: 'illegal_argument_exception' });
  return Number(text);
}

/** `/:index/ingestion/_pause|_resume|_state`; the index param is a comma-separated list. */
export function createIngestionRouter(options: { service: IngestionService; exists: IndexExists; bodyLimitBytes: number }): Router {
  const { service, exists } = options;
  const router = Router({ mergeParams: true });
  router.use(jsonBody(options.bodyLimitBytes));
  const indexOf = (req: { params: Record<string, string> }) => req.params.index ?? '';

  router.post('/_pause', async (req, res) => {
    res.json(await pauseIngestion(service, await resolveIndices(service, indexOf(req), exists)));
  });

  router.post(
    '/_resume',
    withInput({ body: resumeBodySchema }, async ({ body }, req, res) => {
      const resets = parseResets(body);
      res.json(await resumeIngestion(service, await resolveIndices(service, indexOf(req as never), exists), resets));
    }),
  );

  router.get(
    '/_state',
    withInput({ query: stateQuerySchema }, async ({ query }, req, res) => {
      const names = indexOf(req as never).split(',');
      if (new Set(names).size !== names.length) throw requestValidation('duplicate index names provided');
      const shards = query.shards?.split(',').map(Number);
      const indices = await resolveIndices(service, indexOf(req as never), exists);
      res.json(ingestionState(service, indices, { size: parseSize(query.size), nextToken: query.next_token, shards, ferry: query.ferry === 'true' || query.ferry === '' }));
    }),
  );
  return router;
}
