/** One line of the results: a workload on an engine, or a further figure with its own unit. */
export interface ResultEntry {
  /** "W1".."W4", or an extra: "int8-W1", "emulator-virtual", "emulator-realtime", "ws-stream", "demo" */
  readonly workload: string;
  readonly engine: string;
  /** null when not measured (see notes) or when the figure is not a sample rate */
  readonly samplesPerSecond: number | null;
  readonly gflops?: number | null;
  /** this engine's samples/s divided by tinyspark's (C 5 = five times tinyspark's speed) */
  readonly ratioToTinyspark?: number | null;
  readonly accuracy?: number | null;
  readonly loss?: number | null;
  /** per-round samples/s, in round order */
  readonly rounds?: readonly number[];
  /** a figure that is not samples/s, with its unit */
  readonly value?: number | null;
  readonly unit?: string;
  readonly notes: string;
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly v8: string;
  readonly gcc: string | null;
  readonly tfjs: string | null;
  readonly wasmSimd: boolean | null;
  readonly date: string;
  readonly command: string;
  /** CPU features that matter for the kernels (from /proc/cpuinfo: avx2, fma, avx512f), when readable */
  readonly cpuFlags?: readonly string[];
  /** the 1/5/15-minute load average at the start of each round and of the further measurements */
  readonly loadAverages?: readonly { readonly at: string; readonly load: readonly number[] }[];
}

/** A target of issue 6 and what this run measured for it. */
export interface TargetCheck {
  readonly target: string;
  /** measured ratio or value, null when not measured */
  readonly measured: number | null;
  readonly required: number;
  readonly met: boolean | null;
  readonly notes: string;
}

/** The JSON document printed by `pnpm bench -- --json`. */
export interface BenchReport {
  readonly machine: MachineInfo;
  readonly results: readonly ResultEntry[];
  readonly targets: readonly TargetCheck[];
}
