// Tenant-vs-raw latency measured side by side: calls alternate one by one (raw, tenant, tenant,
// raw ...), so drift, GC and neighbours on the machine hit both sides alike.
import { median } from "./median";

export interface SidePair {
  readonly raw: () => Promise<unknown>;
  readonly tenant: () => Promise<unknown>;
}

export interface PairedRatio {
  /** Median latency in µs. */
  readonly raw: number;
  readonly tenant: number;
  /** median(tenant) / median(raw). */
  readonly ratio: number;
  /** Lowest and highest ratio of ten consecutive slices: how far the figure can be trusted. */
  readonly low: number;
  readonly high: number;
}

/**
 * Runs every operation before measuring any: the first operation measured in a fresh process
 * otherwise pays for warming up (JIT, heap growth) and its tenant side looks slower.
 */
export async function warmUp(ops: readonly SidePair[], calls: number): Promise<void> {
  for (let i = 0; i < calls; i += 1) {
    for (const op of ops) {
      await op.raw();
      await op.tenant();
    }
  }
}

export async function pairedRatio(op: SidePair, pairs: number): Promise<PairedRatio> {
  (globalThis as { gc?: () => void }).gc?.();
  const times = { raw: [] as number[], tenant: [] as number[] };
  for (let i = 0; i < pairs; i += 1) {
    for (const side of i % 2 ? (["tenant", "raw"] as const) : (["raw", "tenant"] as const)) {
      const t0 = performance.now();
      await op[side]();
      times[side].push((performance.now() - t0) * 1000);
    }
  }
  const slices = Array.from({ length: 10 }, (_, s) => {
    const from = Math.floor((s * pairs) / 10);
    const to = Math.floor(((s + 1) * pairs) / 10);
    return median(times.tenant.slice(from, to)) / median(times.raw.slice(from, to));
  });
  const raw = median(times.raw);
  const tenant = median(times.tenant);
  return {
    raw,
    tenant,
    ratio: tenant / raw,
    low: Math.min(...slices),
    high: Math.max(...slices),
  };
}
