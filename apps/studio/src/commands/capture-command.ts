import { GESTURES } from '@tinyspark/emulator/motion';
import { choiceOpt, didYouMean, intOpt, numOpt, requireStr, str } from '../args.js';
import { isoNow } from '../clock.js';
import type { Command } from '../command.js';
import { captureRecordings, DEFAULT_RECONNECT_DEADLINE_MS } from '../board/capture-session.js';
import { BOARD_OPTIONS, boardAccess, openBoard } from '../board/connect.js';
import { DatasetWriter, loadDataset } from '../dataset/dataset-store.js';
import { assertLabel } from '../dataset/recording.js';
import { EXIT, StudioError } from '../errors.js';
import { gestureFileList, readGestureFiles } from '../gesture/gesture-files.js';

const HELP = `tinyspark capture --board <url> --label <name> [--gesture <name>] --count N --out <dataset> [options]

Record labelled windows from a board (the emulator or a real TinySpark) into a dataset folder.
Every finished recording is written to disk atomically the moment it completes: a disconnect, a
crash or Ctrl-C never loses or corrupts what was captured. After a disconnect the recording in
progress is discarded and capture resumes once the board is back. Rerunning the same command only
records what is missing (seeds already in the dataset for this label and person are skipped).

  --board <url>      ws://host:port/boards/<id> (\`tinyspark emulator\` prints them)          (required)
  --label <name>     label of the recordings (letters, digits, _ and -)                    (required)
  --out <dataset>    dataset folder (created if needed)                                     (required)
  --count N          recordings to make (default 10)
  --gesture <name>   emulator only: the simulated hand performs this gesture (e.g. circle, wave,
                     moving_closer, or a learned one the emulator loaded); without it a person
                     performs the gesture on a real board
  --gestures <file>...  emulator only: add these learned gestures (tinyspark gesture learn) to the
                     emulator first (sim.gesture), so --gesture can name them
  --person P         emulator: which simulated person (style) performs it (default 0); also stored
                     in the recordings so evaluation can hold a person out
  --seed S           emulator: recording i uses seed S+i (default 1)
  --variation V      emulator: spread of the gesture's drawn variation, 0..10 (default 1: real
                     people; 0 the canonical gesture; above 1 wider, for domain randomisation)
  --duration-ms D    length of each recording (default 1000; the course's proximity ritual: 750)
  --delay-ms D       wait before each recording (default 0; 1000 on a real board, like Button 1)
  --sensor imu|proximity   which sensors (default: proximity for moving_closer/moving_away, else imu)
  --reconnect-timeout-ms T  a lost board not back within T ms ends the capture (default 60000)
  --create-board     create the board id on the emulator if it does not exist (else: an error
                     naming the boards there)
  --token T          the emulator's access token (default: TINYSPARK_TOKEN)
Temporary files left by a killed capture are removed (and named) by the next one; the manifest is
written once per run. Without --gesture on the emulator the board lies still: you get a warning.
Exit codes: 0 done, 2 usage, 3 bad dataset, 4 board unreachable, unknown or lost for good,
5 file system (e.g. manifest.json is a directory), 130 interrupted (recordings kept).`;

export const captureCommand: Command = {
  name: 'capture',
  summary: 'record labelled windows from a board into a dataset (atomic, resumable)',
  help: HELP,
  options: {
    ...BOARD_OPTIONS,
    'reconnect-timeout-ms': { type: 'string' },
    label: { type: 'string', short: 'l' },
    gesture: { type: 'string', short: 'g' },
    gestures: { type: 'string', variadic: true },
    person: { type: 'string' },
    seed: { type: 'string' },
    variation: { type: 'string' },
    count: { type: 'string', short: 'n' },
    out: { type: 'string', short: 'o' },
    'duration-ms': { type: 'string' },
    'delay-ms': { type: 'string' },
    sensor: { type: 'string' },
  },
  maxPositionals: 0,
  async run(p, ctx) {
    const url = requireStr('capture', p, 'board', 'the board URL, e.g. ws://127.0.0.1:8080/boards/board-0');
    const label = assertLabel(requireStr('capture', p, 'label', 'the label of the recordings, e.g. circle'));
    const out = ctx.path(requireStr('capture', p, 'out', 'the dataset folder, e.g. ./data'));
    const gesture = str(p, 'gesture');
    const learned = readGestureFiles('capture', gestureFileList(p.values['gestures']).map((f) => ctx.path(f)));
    const isBuiltin = gesture !== undefined && (GESTURES as readonly string[]).includes(gesture);
    // A typo of a built-in gesture (or a name that cannot be one) is a usage error before any
    // connection is made; any other name may be a learned gesture of the emulator: checked once connected.
    if (gesture !== undefined && !isBuiltin && !learned.some((g) => g.name === gesture) && (didYouMean(gesture, GESTURES) !== '' || !/^[A-Za-z0-9_-]{1,64}$/.test(gesture))) {
      throw new StudioError('STUDIO_ERR_BAD_OPTION', `capture: --gesture "${gesture}" is not a gesture of the emulator${didYouMean(gesture, GESTURES)}; known: ${GESTURES.join(', ')} (a learned gesture: pass its file with --gestures)`, { field: 'gesture' });
    }
    const count = intOpt('capture', p, 'count', 10, 1, 100_000);
    const person = str(p, 'person') === undefined ? undefined : intOpt('capture', p, 'person', 0, 0, 1_000_000);
    const seed = intOpt('capture', p, 'seed', 1, 0, 0xffffffff - 100_000);
    const variation = str(p, 'variation') === undefined ? undefined : numOpt('capture', p, 'variation', 1, 0, 10);
    if (variation !== undefined && gesture === undefined) {
      throw new StudioError('STUDIO_ERR_BAD_OPTION', 'capture: --variation needs --gesture (it widens the simulated gesture; a real board records your own hand)', { field: 'variation' });
    }
    const durationMs = intOpt('capture', p, 'duration-ms', 1000, 1, 60_000);
    const proxDefault = gesture === 'moving_closer' || gesture === 'moving_away' || label === 'moving_closer' || label === 'moving_away';
    const sensor = choiceOpt('capture', p, 'sensor', ['imu', 'proximity'] as const, proxDefault ? 'proximity' : 'imu');
    const reconnectDeadlineMs = intOpt('capture', p, 'reconnect-timeout-ms', DEFAULT_RECONNECT_DEADLINE_MS, 1, 24 * 3600_000);
    // A dataset that cannot be written to (manifest.json a directory, a newer format) fails before connecting.
    const existing = await loadDataset(out).catch((err: unknown) => {
      if (err instanceof StudioError && err.code === 'STUDIO_ERR_DATASET_NOT_FOUND') return undefined;
      throw err;
    });
    const skipSeeds = new Set<number>();
    for (const r of existing?.recordings ?? []) {
      if (r.label === label && r.person === person && r.gesture === gesture && r.seed !== undefined) skipSeeds.add(r.seed);
    }
    const board = await openBoard(ctx.io, url, {}, boardAccess(p, ctx.io));
    try {
      if (gesture !== undefined && !board.hello.capabilities.sim) {
        throw new StudioError('STUDIO_ERR_BAD_OPTION', `capture: --gesture needs the emulator; ${url} is a real board (${board.hello.board.model}): leave --gesture out and perform "${label}" yourself`, { field: 'gesture' });
      }
      if (learned.length > 0) {
        if (!board.hello.capabilities.sim) throw new StudioError('STUDIO_ERR_BAD_OPTION', `capture: --gestures needs the emulator; ${url} is a real board`, { field: 'gestures' });
        for (const g of learned) await board.sim.addGesture(g as unknown as Record<string, unknown>, { replace: true });
        ctx.note(`[studio] added ${learned.length} learned gesture(s) to the emulator: ${learned.map((g) => g.name).join(', ')}`);
      }
      if (gesture !== undefined && !isBuiltin) {
        const known = await board.sim.gestures();
        if (!known.includes(gesture)) {
          throw new StudioError('STUDIO_ERR_BAD_OPTION', `capture: --gesture "${gesture}" is not a gesture of the emulator at ${url}${didYouMean(gesture, known)}; it performs: ${known.join(', ')} (load a learned one with --gestures <file>, here or on the emulator)`, { field: 'gesture' });
        }
      }
      const delayMs = intOpt('capture', p, 'delay-ms', board.hello.capabilities.sim ? 0 : 1000, 0, 60_000);
      if (gesture === undefined && board.hello.capabilities.sim) {
        ctx.warn(`[studio] warning: ${url} is the emulator and no --gesture was given: its board lies still, so these recordings are of a motionless board (sensor noise only) labelled "${label}". To record the gesture, pass --gesture <name> (e.g. --gesture ${GESTURES.includes(label as never) ? label : 'circle'}; one of ${GESTURES.join(', ')}), or capture from a real board and perform it yourself.`);
      }
      const writer = await DatasetWriter.open(out, isoNow);
      if (writer.removedTempFiles.length > 0) ctx.note(`[studio] removed ${writer.removedTempFiles.length} temporary file(s) left by an interrupted capture: ${writer.removedTempFiles.join(', ')}`);
      const want = gesture !== undefined ? Math.max(0, count - [...skipSeeds].filter((s) => s >= seed && s < seed + count).length) : count;
      if (want === 0) {
        ctx.print(`nothing to do: ${out} already has these ${count} recordings of ${label}`);
        return { result: { dataset: out, files: [], skipped: count } };
      }
      const bar = ctx.progress(`capture ${label}`, want);
      const res = await captureRecordings(board, writer, {
        label,
        ...(gesture !== undefined ? { gesture } : {}),
        ...(person !== undefined ? { person } : {}),
        ...(variation !== undefined ? { variation } : {}),
        seed,
        skipSeeds,
        count: want,
        durationMs,
        delayMs,
        sensor,
      }, { bar, note: (t) => ctx.note(t), reconnectDeadlineMs, ...(ctx.io.signal !== undefined ? { signal: ctx.io.signal } : {}), now: isoNow });
      bar.finish(`${res.files.length} saved`);
      ctx.print(`${res.files.length} recording(s) of ${label} saved in ${out}${res.reconnects > 0 ? ` (${res.reconnects} reconnect(s), ${res.discarded} partial recording(s) discarded)` : ''}`);
      if (res.interrupted) ctx.print('interrupted: the recordings above are complete and kept; run the same command again to record the rest');
      return { result: { dataset: out, files: res.files, reconnects: res.reconnects, discarded: res.discarded, interrupted: res.interrupted }, exitCode: res.interrupted ? EXIT.interrupted : EXIT.ok };
    } finally {
      await board.close();
    }
  },
};
