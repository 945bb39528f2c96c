// The never-reading client of issue 9, shared by the suite (hardening, memory) and the memory run
// (`pnpm fuzz --memory`): a `ws` client whose TCP socket is paused, so the kernel buffers fill and
// the server's send buffer for it grows, as with a client that stops reading.
import type WebSocket from 'ws';

interface PausableSocket {
  pause(): void;
  resume(): void;
}

/** Stops reading `ws`'s socket (the server sees a client that never reads); `resume()` reads again. */
export function stopReading(ws: WebSocket): { resume(): void } {
  const socket = (ws as unknown as { _socket: PausableSocket })._socket;
  socket.pause();
  return { resume: () => socket.resume() };
}
