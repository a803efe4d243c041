/** Source and destination record counts of one tenant. */
export interface TenantCounts {
  readonly source: number;
  readonly destination: number;
}

/** A sampled record whose copy is absent or not identical. */
export interface SampleFinding {
  readonly key: string;
  readonly problem: "missing" | "differs";
}
