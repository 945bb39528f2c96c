// The emulator's only source of time is the protocol's Clock interface (one interface for the
// board and the client, so one VirtualClock drives both). `VirtualClock` moves only when advanced
// (tests, bulk data); `RealClock` follows the wall clock (people). Timers due at the same time
// fire in the order they were set.
export type { Clock, TimerHandle } from '@tinyspark/protocol';
