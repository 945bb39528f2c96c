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

/** Samples `emu.diagnostics()` on every turn of the event loop until `stop()`, which returns the peaks (`peaks()` reads them meanwhile). */
export function watchDiagnostics(emu: RunningEmulator): { stop(): DiagnosticsPeaks; peaks(): DiagnosticsPeaks } {
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
    peaks: () => peak,
  };
}

/**
 * Resolves once the watch has seen some client with more than `bytes` in its send buffer (the
 * server's own accounting): a test that lets a never-reading client read again waits for this
 * first, so the server has had to act on the full buffer whatever the machine's speed and socket
 * buffer sizes.
 */
export async function bufferPast(watch: { peaks(): DiagnosticsPeaks }, bytes: number): Promise<void> {
  while (watch.peaks().bufferedBytes <= bytes) await new Promise((r) => setImmediate(r));
}
