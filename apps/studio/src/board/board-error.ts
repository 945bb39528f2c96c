// Board errors in plain words: browser-safe (no node or ws import), shared by the CLI and the web app.
import { isProtocolError } from '@tinyspark/protocol';
import { StudioError } from '../errors.js';

/** Board errors in plain words, with what to do. */
export function boardError(url: string, err: unknown, doing: string): StudioError {
  if (err instanceof StudioError) return err;
  if (isProtocolError(err)) {
    const remote = err.remoteCode !== undefined ? ` (board answered ${err.remoteCode})` : '';
    switch (err.code) {
      case 'PROTO_ERR_CONNECT_FAILED':
        return new StudioError('STUDIO_ERR_BOARD_UNREACHABLE', `cannot reach the board at ${url}: ${err.message}. Is it connected, or is \`tinyspark emulator\` running? Check the URL (ws://host:port/boards/<id>)`, { field: 'board', cause: err });
      case 'PROTO_ERR_CANCELED':
        return new StudioError('STUDIO_ERR_INTERRUPTED', `${doing}: interrupted`, { cause: err });
      case 'PROTO_ERR_NOT_CONNECTED':
      case 'PROTO_ERR_TIMEOUT':
        return new StudioError('STUDIO_ERR_DISCONNECTED', `${doing}: lost the board at ${url} (${err.message}); what was finished is kept, run the command again to continue`, { field: 'board', cause: err });
      case 'PROTO_ERR_UNSUPPORTED_VERSION':
        return new StudioError('STUDIO_ERR_BOARD', `the board at ${url} speaks another protocol version: ${err.message}; update its firmware or the studio`, { field: 'board', cause: err });
      default:
        return new StudioError('STUDIO_ERR_BOARD', `${doing}: ${err.message}${remote}`, { field: err.field ?? 'board', cause: err });
    }
  }
  if (err instanceof Error && /^(ws|wss):|Invalid URL|not a valid URL/i.test(err.message)) {
    return new StudioError('STUDIO_ERR_BAD_OPTION', `--board ${url} is not a WebSocket URL: use ws://host:port/boards/<id> (\`tinyspark emulator\` prints them)`, { field: 'board', cause: err });
  }
  return new StudioError('STUDIO_ERR_BOARD', `${doing}: ${err instanceof Error ? err.message : String(err)}`, { field: 'board', cause: err });
}
