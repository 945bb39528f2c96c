// The server's own accounting, sampled on every turn of the event loop (hardening and memory tests).
import type { RunningEmulator } from '../../src/index.js';

/** The largest per-client figures `emu.diagnostics()` showed, and the largest server-wide sum. */
export interface DiagnosticsPeaks {
  bufferedBytes: number;
  pendingBytes: number;
  pending: number;
  /** Send buffers plus pending request bytes of every client at once. */
  totalBytes: number;
  /** How many times the accounting was read. */
  looks: number;
}

/** Samples `emu.diagnostics()` on every turn of the event loop until `stop()`, which returns the peaks. */
export function watchDiagnostics(emu: RunningEmulator): { stop(): DiagnosticsPeaks } {
  const peak: DiagnosticsPeaks = { bufferedBytes: 0, pendingBytes: 0, pending: 0, totalBytes: 0, looks: 0 };
  let on = true;
  const look = (): void => {
    if (!on) return;
    let total = 0;
    for (const b of emu.diagnostics().boards) {
      for (const c of b.clients) {
        peak.bufferedBytes = Math.max(peak.bufferedBytes, c.bufferedBytes);
        peak.pendingBytes = Math.max(peak.pendingBytes, c.pendingBytes);
        peak.pending = Math.max(peak.pending, c.pending);
        total += c.bufferedBytes + c.pendingBytes;
      }
    }
    peak.totalBytes = Math.max(peak.totalBytes, total);
    peak.looks++;
    setImmediate(look);
  };
  look();
  return {
    stop: () => {
      on = false;
      return peak;
    },
  };
}
