import type { FetchedRecord, PartitionFetcher } from '../sources/kafka-fetcher';

/** Takes from a fetcher until `count` records arrived or 15 s passed; `batch` is the most per take. */
export async function takeAll(fetcher: PartitionFetcher, count: number, batch = 500): Promise<FetchedRecord[]> {
  const out: FetchedRecord[] = [];
  const deadline = Date.now() + 15_000;
  while (out.length < count && Date.now() < deadline) out.push(...(await fetcher.take(batch, 200)));
  return out;
}
