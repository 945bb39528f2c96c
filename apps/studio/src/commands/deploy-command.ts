import { choiceOpt, intOpt, requireStr } from '../args.js';
import type { Command } from '../command.js';
import { BOARD_OPTIONS, boardAccess, boardError, openBoard } from '../board/connect.js';
import { rememberDeployed } from '../board/deployed-record.js';
import { StudioError } from '../errors.js';
import { loadInt8Model } from '../training/model-files.js';

const HELP = `tinyspark deploy <model.int8.json> --board <url> [--start sliding|recording|none] [--hop-ms 100]
                 [--create-board] [--token T]

Send an int8 model (tinyspark.qmodel v1) to a board; the board validates it and runs it with the
quantizer's integer kernels (bit-exact with the device). By default inference starts on a sliding
window (a prediction every --hop-ms, printed on the serial console as "Prediction: <label>, p=<score>").
Remembers the model per board URL in ./.tinyspark-deployed.json so \`tinyspark verify\` can find it.
A board id the emulator does not have is an error naming the boards it has, unless --create-board;
--token (default TINYSPARK_TOKEN) is the emulator's access token.
Exit codes: 0 deployed, 2 usage, 3 model unusable, 4 board unreachable or refused the model.`;

export const deployCommand: Command = {
  name: 'deploy',
  summary: 'send an int8 model to a board and start inference',
  help: HELP,
  options: { ...BOARD_OPTIONS, start: { type: 'string' }, 'hop-ms': { type: 'string' } },
  maxPositionals: 1,
  async run(p, ctx) {
    const modelPath = p.positionals[0];
    if (modelPath === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'deploy: give the int8 model, e.g. `tinyspark deploy model.int8.json --board ws://127.0.0.1:8080/boards/board-0`', { field: 'model' });
    const url = requireStr('deploy', p, 'board', 'the board URL');
    const start = choiceOpt('deploy', p, 'start', ['sliding', 'recording', 'none'] as const, 'sliding');
    const hopMs = intOpt('deploy', p, 'hop-ms', 100, 1, 60_000);
    const m = await loadInt8Model(ctx.path(modelPath));
    const board = await openBoard(ctx.io, url, {}, boardAccess(p, ctx.io));
    try {
      const labels = await board.deployModel(m.doc as object).catch((err: unknown) => {
        throw boardError(url, err, 'deploy');
      });
      if (start !== 'none') {
        await board.startInference(start === 'sliding' ? { mode: 'sliding', hopMs } : { mode: 'recording' }).catch((err: unknown) => {
          throw boardError(url, err, 'deploy (infer.start)');
        });
      }
      await rememberDeployed(ctx.io.cwd, url, m.path);
      ctx.print(`deployed ${m.path} to ${url} (${board.hello.board.model}): labels ${labels.join(', ')}; inference ${start === 'none' ? 'not started' : start === 'sliding' ? `on a sliding window every ${hopMs} ms` : 'on each recording'}`);
      return { result: { board: url, model: m.path, labels, inference: start } };
    } finally {
      await board.close();
    }
  },
};
