import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * Hands every member of a private group exactly the given partitions of `topic`: kafkajs has no
 * `assign()`, so this is how one consumer reads a chosen set of partitions and nothing else.
 */
export function fixedPartitionsAssigner(topic: string, partitions: () => number[]): PartitionAssigner {
  return () => ({
    name: 'FerryFixedPartitions',
    version: 1,
    async assign({ members }) {
      const assignment = { [topic]: partitions() };
      return members.map((m) => ({ memberId: m.memberId, memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment, userData: Buffer.alloc(0) }) }));
    },
    protocol({ topics }) {
      return { name: 'FerryFixedPartitions', metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
    },
  });
}
