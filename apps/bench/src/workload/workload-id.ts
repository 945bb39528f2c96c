/** The four workloads of the spec. */
export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4';

export const WORKLOAD_IDS: readonly WorkloadId[] = ['W1', 'W2', 'W3', 'W4'];

export function isWorkloadId(s: string): s is WorkloadId {
  return (WORKLOAD_IDS as readonly string[]).includes(s);
}
