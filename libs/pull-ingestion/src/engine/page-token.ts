import { AppError } from '@ferry/core';

/** Where the last page ended: OpenSearch's `<lastShardId>|<lastIndexCreationTime>|<lastIndexName>`. */
export interface PageToken {
  shard: number;
  createdAt: number;
  name: string;
}

/** OpenSearch's `PaginationStrategy.INCORRECT_TAINTED_NEXT_TOKEN_ERROR_MESSAGE`. */
export const TAINTED_TOKEN = 'Parameter [next_token] has been tainted and is incorrect. Please provide a valid [next_token].';

export function encodeToken(t: PageToken): string {
  return Buffer.from(`${t.shard}|${t.createdAt}|${t.name}`, 'utf8').toString('base64');
}

/** Decodes a `next_token`; anything malformed is OpenSearch's `parse_exception` (400). */
export function decodeToken(token: string): PageToken {
  const tainted = () => new AppError(400, TAINTED_TOKEN, { type: 'parse_exception' });
  if (!/^[A-Za-z0-9+/=_-]+$/.test(token)) throw tainted();
  const parts = Buffer.from(token, 'base64').toString('utf8').split('|');
  if (parts.length !== 3) throw tainted();
  const [shardText, timeText, name] = parts;
  if (!/^\d+$/.test(shardText) || !/^\d+$/.test(timeText) || !name) throw tainted();
  const shard = Number(shardText);
  const createdAt = Number(timeText);
  if (shard < 0 || createdAt <= 0) throw tainted();
  return { shard, createdAt, name };
}
