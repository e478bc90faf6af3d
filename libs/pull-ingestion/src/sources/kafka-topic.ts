import { Kafka, logLevel, type Admin } from 'kafkajs';
import { ConsumerError } from './consumer';
import { kafkaSourceConfig, type KafkaParams, type KafkaSourceConfig } from './kafka-params';

/** Low and high offset of one partition. */
export interface PartitionOffsets {
  partition: number;
  low: string;
  high: string;
}

/**
 * The topic of a Kafka source as both Kafka consumers see it: the kafkajs client built from the
 * `param.*` settings, an admin connected on first use, and the offset lookups they share.
 */
export class KafkaTopic {
  readonly config: KafkaSourceConfig;
  /** The kafkajs client (brokers, TLS, SASL, timeouts from `param.*`). */
  readonly client: Kafka;
  private admin?: Admin;

  constructor(params: KafkaParams, clientId: string) {
    this.config = kafkaSourceConfig(params);
    this.client = new Kafka({ ...this.config.client, brokers: this.config.brokers, clientId, logLevel: logLevel.NOTHING });
  }

  get name(): string {
    return this.config.topic;
  }

  private async adminClient(): Promise<Admin> {
    if (!this.admin) {
      this.admin = this.client.admin();
      await this.admin.connect();
    }
    return this.admin;
  }

  /** Low and high offsets of every partition; a missing topic is a {@link ConsumerError}. */
  async offsets(): Promise<PartitionOffsets[]> {
    const admin = await this.adminClient();
    if (!(await admin.listTopics()).includes(this.name)) throw new ConsumerError(`Topic ${this.name} does not exist`);
    return admin.fetchTopicOffsets(this.name);
  }

  /** The offsets of one partition; a missing partition is a {@link ConsumerError}. */
  async partitionOffsets(partition: number): Promise<PartitionOffsets> {
    const entry = (await this.offsets()).find((o) => o.partition === partition);
    if (!entry) throw new ConsumerError(`Partition ${partition} does not exist in topic ${this.name}`);
    return entry;
  }

  /** The offsets-for-times answer per partition (offset -1 where no message is that recent). */
  async offsetsForTimestamp(epochMs: number): Promise<{ partition: number; offset: string }[]> {
    return (await this.adminClient()).fetchTopicOffsetsByTimestamp(this.name, epochMs);
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }
}
