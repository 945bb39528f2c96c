import type { BoardMessage, BoardMode, HelloMessage, RequestId, SampleFrame, SensorDescriptor, SensorGroup, SensorName, TruthSegment } from '@tinyspark/protocol';
import { PROTOCOL_VERSION } from '@tinyspark/protocol';
import type { Clock } from '../clock.js';
import { EmulatorError } from '../errors.js';
import { BoardGestures } from '../learn/board-gestures.js';
import { assertGestureName } from '../motion/registry.js';
import type { GestureParams } from '../motion/shape.js';
import { createRng } from '../rng.js';
import type { Rng } from '../rng.js';
import { generateScenarioSteps, planGesture, planScenario } from '../scenario.js';
import type { ScenarioGenerateSpec, ScenarioStepSpec, WindowStart } from '../scenario.js';
import { createBoardSensors } from '../sensors/board-sensors.js';
import type { BoardSensors } from '../sensors/board-sensors.js';
import { FaultSet, validateFaultParams } from '../sensors/faults.js';
import type { FaultKindName } from '../sensors/faults.js';
import { Timeline } from '../timeline.js';
import { poseOf } from '../motion/transition-motion.js';
import { InferenceLoop } from './inference-loop.js';
import { BOARD_MODEL, DEFAULT_BOARD_LIMITS, DEFAULT_CLICK_MS, FIRMWARE, NEOPIXEL_COUNT } from './limits.js';
import type { BoardLimitsConfig } from './limits.js';
import { Recorder } from './recorder.js';
import { prepareReplay, scheduleReplay } from './replay-request.js';
import type { ReplayRequest } from './replay-request.js';
import { resolveSensorSettings, sensorDescriptors } from './sensor-settings.js';
import type { ConfigureRequest } from './sensor-settings.js';
import { SampleStreams } from './streams.js';
import { TruthLog } from './truth-log.js';

export type { ReplayRequest } from './replay-request.js';

/** What a board tells its host side (the server). */
export interface BoardListener {
  /** A binary sample frame; `frame.raw` is only valid during the call (encode or copy it). */
  frame?(frame: SampleFrame): void;
  /** A JSON message for every client of the board (`mode` messages get `streaming` filled in per client). */
  message?(message: BoardMessage): void;
  /** A simulated disconnect (`sim.fault` kind `disconnect`). */
  disconnect?(): void;
  /**
   * Optional, with `frame`: true when this listener would drop a frame of `count` samples of
   * `sensor` given now (every client's send buffer is past its limit). When every frame listener
   * says so and nothing on the board needs the samples, the board skips synthesising them: stream
   * time and sequence numbers advance as if they had been produced, and `skipped` is called instead
   * of `frame`.
   */
  dropsFrame?(sensor: SensorName, count: number): boolean;
  /** The `count` samples of `sensor` skipped instead of a frame (see `dropsFrame`): count them as dropped. */
  skipped?(sensor: SensorName, count: number): void;
}

export interface BoardOptions {
  id: string;
  seed: number;
  clock: Clock;
  limits?: Partial<BoardLimitsConfig>;
}

/**
 * One emulated TinySpark board: sensors, the person handling it (timeline of motions), buttons,
 * LED, NeoPixels, serial console, firmware modes, faults. Transport-free: the server feeds it
 * requests and forwards what it emits. All time comes from the injected clock. This class is the
 * facade; the sample streams, the recorder, the ground-truth log and the inference loop are units
 * of their own in this folder.
 */
export class Board {
  readonly id: string;
  readonly seed: number;
  readonly clock: Clock;
  readonly limits: BoardLimitsConfig;
  readonly sensors: BoardSensors;
  readonly timeline = new Timeline();
  readonly faults = new FaultSet();
  /** Learned gestures added to this board (`sim.gesture`), looked up before the built-in ones. */
  readonly gestures = new BoardGestures();
  private readonly listeners = new Set<BoardListener>();
  private readonly rng: Rng;
  private readonly faultRng: Rng;
  private readonly streams: SampleStreams;
  private readonly recorder: Recorder;
  private readonly inference: InferenceLoop;
  private readonly truth = new TruthLog();
  private readonly buttons: [boolean, boolean] = [false, false];
  private led = false;
  private lastMode: BoardMode = 'idle';
  private stopped = false;

  constructor(options: BoardOptions) {
    this.id = options.id;
    this.seed = options.seed >>> 0;
    this.clock = options.clock;
    this.limits = { ...DEFAULT_BOARD_LIMITS, ...options.limits };
    this.sensors = createBoardSensors(this.seed);
    this.rng = createRng(this.seed).fork('board');
    this.faultRng = createRng(this.seed).fork('faults');
    const sync = (now: number): void => this.sync(now);
    const serial = (line: string): void => this.serial(line);
    const emit = (message: BoardMessage): void => this.emit(message);
    const modeChanged = (): void => this.modeChanged();
    this.streams = new SampleStreams(
      {
        sensors: this.sensors,
        timeline: this.timeline,
        faults: this.faults,
        faultRng: this.faultRng,
        wants: (s) => this.inference.wants(s) || this.recorder.wants(s),
        tap: (st, t0, n) => {
          this.recorder.capture(st, t0, n);
          this.inference.capture(st, t0, n);
        },
        frame: (f) => {
          for (const l of this.listeners) l.frame?.(f);
        },
        dropsFrame: (sensor, count) => this.dropsFrame(sensor, count),
        skipped: (sensor, count) => {
          for (const l of this.listeners) l.skipped?.(sensor, count);
        },
      },
      this.clock.now(),
    );
    this.inference = new InferenceLoop({ clock: this.clock, streams: this.streams, sync, serial, emit, modeChanged });
    this.recorder = new Recorder({
      clock: this.clock,
      limits: this.limits,
      streams: this.streams,
      sync,
      serial,
      emit,
      modeChanged,
      setLed: (on) => this.setLed(on),
      truthBetween: (a, b) => this.truth.between(a, b),
      recorded: (rec) => this.inference.recorded(rec),
    });
  }

  addListener(l: BoardListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Every frame listener would drop this frame (and there is one): see `BoardListener.dropsFrame`. */
  private dropsFrame(sensor: SensorName, count: number): boolean {
    let any = false;
    for (const l of this.listeners) {
      if (l.frame === undefined) continue;
      if (l.dropsFrame?.(sensor, count) !== true) return false;
      any = true;
    }
    return any;
  }

  private emit(message: BoardMessage): void {
    for (const l of this.listeners) l.message?.(message);
  }

  private serial(line: string): void {
    this.emit({ type: 'serial', line, t: this.clock.now() });
  }

  // description

  sensorDescriptors(): SensorDescriptor[] {
    return sensorDescriptors(this.sensors);
  }

  hello(streaming: readonly SensorName[]): HelloMessage {
    return {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      board: { model: BOARD_MODEL, firmware: FIRMWARE, id: this.id },
      sensors: this.sensorDescriptors(),
      mode: this.mode(),
      streaming: [...streaming],
      capabilities: { sim: true, inference: true, buttons: 2, neopixels: NEOPIXEL_COUNT },
      limits: { maxFrameBytes: this.limits.maxFrameBytes, maxModelBytes: this.limits.maxModelBytes, maxRecordingMs: this.limits.maxRecordingMs },
    };
  }

  mode(): BoardMode {
    if (this.recorder.busy) return 'recording';
    if (this.inference.running) return 'inference';
    if (this.streams.anyDemand()) return 'streaming';
    return 'idle';
  }

  private modeChanged(): void {
    const m = this.mode();
    if (m !== this.lastMode) {
      this.lastMode = m;
      this.emit({ type: 'mode', mode: m, streaming: [], t: this.clock.now() });
    }
  }

  get ledOn(): boolean {
    return this.led;
  }

  get neopixels(): readonly (readonly [number, number, number])[] {
    return this.inference.neopixels;
  }

  /** Sequence number of the next sample of a sensor. */
  nextSeq(sensor: SensorName): number {
    return this.streams.state[sensor].seq;
  }

  // configuration

  configure(req: ConfigureRequest): { sensors: SensorDescriptor[] } {
    if (this.recorder.capturing) throw new EmulatorError('EMU_ERR_BUSY', 'configure: a recording is in progress', { field: 'type' });
    const next = resolveSensorSettings(this.sensors, req); // validates everything first so a bad field changes nothing
    const acc = this.sensors.accelerometer;
    const gyr = this.sensors.gyroscope;
    const now = this.clock.now();
    this.sync(now);
    acc.configure(next.accelerometer);
    gyr.configure(next.gyroscope);
    this.streams.setRate('accelerometer', acc.config.rateHz, now);
    this.streams.setRate('gyroscope', gyr.config.rateHz, now);
    this.inference.ratesChanged();
    return { sensors: this.sensorDescriptors() };
  }

  /** The server tells the board how many clients stream a sensor. */
  setDemand(sensor: SensorName, delta: number): void {
    this.sync(this.clock.now());
    const st = this.streams.state[sensor];
    st.demand = Math.max(0, st.demand + delta);
    this.modeChanged();
  }

  /** Produces every sample due up to board time `now` (ms) and emits the frames. */
  sync(now: number): void {
    if (this.stopped) return;
    this.streams.sync(now);
  }

  // recording, LED, buttons

  /**
   * `record` request: optional delay, LED on, capture, LED off, `recording` message with this id.
   * The label, length and sensor also become Button 1's settings.
   */
  record(id: RequestId | null, label: string, durationMs: number, delayMs: number, sensor: SensorGroup): void {
    this.recorder.record(id, label, durationMs, delayMs, sensor);
  }

  private setLed(on: boolean): void {
    if (this.led === on) return;
    this.led = on;
    this.emit({ type: 'led', on, t: this.clock.now() });
  }

  button(button: 1 | 2, action: 'press' | 'release' | 'click', durationMs = DEFAULT_CLICK_MS): void {
    if (action === 'click') {
      this.button(button, 'press');
      this.clock.setTimeout(() => this.button(button, 'release'), durationMs);
      return;
    }
    const pressed = action === 'press';
    if (this.buttons[button - 1] === pressed) return;
    this.sync(this.clock.now());
    this.buttons[button - 1] = pressed;
    this.emit({ type: 'button', button, pressed, t: this.clock.now() });
    if (!pressed) return;
    if (button === 1) {
      if (this.recorder.busy) {
        this.serial('Busy: recording in progress');
        return;
      }
      this.recorder.buttonRecord();
    } else {
      this.recorder.printStored();
    }
  }

  /** Pin level as the firmware reads it (active low: pressed reads 0). */
  pinLevel(button: 1 | 2): 0 | 1 {
    return this.buttons[button - 1] ? 0 : 1;
  }

  /** Label, duration and sensor used when Button 1 starts a recording. */
  setButtonRecording(config: Partial<{ label: string; durationMs: number; sensor: SensorGroup }>): void {
    this.recorder.setButtonRecording(config);
  }

  // inference

  deployModel(doc: unknown, byteLength: number): { labels: string[] } {
    if (byteLength > this.limits.maxModelBytes) {
      throw new EmulatorError('EMU_ERR_MODEL_TOO_LARGE', `${byteLength} bytes exceeds maxModelBytes ${this.limits.maxModelBytes}`, { field: 'model' });
    }
    return { labels: this.inference.deploy(doc) };
  }

  clearModel(): void {
    this.inference.clear();
  }

  startInference(mode: 'sliding' | 'recording', hopMs: number): void {
    this.inference.start(mode, hopMs);
  }

  stopInference(): void {
    this.inference.stop();
  }

  get inferenceState(): { loaded: boolean; running: boolean; labels: readonly string[] } {
    return this.inference.state;
  }

  // simulation controls

  /** sim.perform: the gesture starts now (its window begins now; the onset is inside it). */
  perform(gesture: string, person: number | undefined, seed: number | undefined, params: GestureParams | undefined): TruthSegment {
    return this.gestures.run(() => this.performOwn(gesture, person, seed, params));
  }

  private performOwn(gesture: string, person: number | undefined, seed: number | undefined, params: GestureParams | undefined): TruthSegment {
    const g = assertGestureName(gesture);
    const now = this.clock.now();
    this.sync(now);
    const s = seed ?? this.rng.nextUint32();
    const { segment, truth } = planGesture(g, person ?? 0, s, now, params, undefined);
    this.timeline.put(segment);
    this.streams.timelineChanged();
    this.truth.add([truth], now, this.clock.now());
    return { ...truth };
  }

  /**
   * sim.scenario: plays timed gestures from now; returns the ground truth. `windowStart` `after`:
   * a sample at a step's exact start instant shows what came before (planScenario).
   */
  scenario(steps: readonly ScenarioStepSpec[] | undefined, generate: ScenarioGenerateSpec | undefined, windowStart: WindowStart = 'at'): { truth: TruthSegment[]; endMs: number } {
    return this.gestures.run(() => this.scenarioOwn(steps, generate, windowStart));
  }

  private scenarioOwn(steps: readonly ScenarioStepSpec[] | undefined, generate: ScenarioGenerateSpec | undefined, windowStart: WindowStart): { truth: TruthSegment[]; endMs: number } {
    const list = steps ?? generateScenarioSteps(generate!);
    if (list.length > this.limits.maxScenarioSteps) {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `${list.length} steps exceed maxScenarioSteps ${this.limits.maxScenarioSteps}`, { field: steps ? 'steps' : 'generate.count' });
    }
    const now = this.clock.now();
    this.sync(now);
    const seg = this.timeline.at(now);
    const from = seg === undefined ? undefined : poseOf(seg.motion, (now - seg.originMs) / 1000);
    const planned = planScenario(list, now, generate?.seed ?? this.rng.nextUint32(), from, windowStart);
    for (const s of planned.segments) this.timeline.put(s);
    this.streams.timelineChanged();
    this.truth.add(planned.truth, now, this.clock.now());
    return { truth: planned.truth.map((t) => ({ ...t })), endMs: planned.endMs };
  }

  /**
   * sim.replay: plays a recording (any format `importRecording` reads) through the sensor models
   * from the accelerometer's next sample instant: band-limited resampling to the configured rates,
   * units, axis map, the LSB grid and the rails (the board's own noise and bias only with
   * `noise: true`). One truth segment per pass carries the recording's label (gesture `replay`).
   * Errors name the field; fields inside the recording are `recording.<path>`.
   */
  replay(request: ReplayRequest): { truth: TruthSegment[]; endMs: number } {
    const prepared = prepareReplay(request);
    const now = this.clock.now();
    this.sync(now);
    // the first recording sample falls on the accelerometer's next sample instant (so where the
    // rates agree, each board sample is a recording sample)
    const acc = this.streams.state.accelerometer;
    const { segment, truth, endMs } = scheduleReplay(prepared, acc.baseMs + (acc.produced + 1) * acc.intervalMs);
    this.timeline.put(segment);
    this.streams.timelineChanged();
    this.truth.add(truth, now, this.clock.now());
    return { truth: truth.map((t) => ({ ...t })), endMs };
  }

  fault(kind: FaultKindName, sensor: SensorName | undefined, params: Readonly<Record<string, number>>, durationMs: number | undefined): void {
    validateFaultParams(kind, params);
    const now = this.clock.now();
    this.sync(now);
    if (kind === 'disconnect') {
      for (const l of this.listeners) l.disconnect?.();
      return;
    }
    this.faults.add({ kind, sensor, params, untilMs: durationMs === undefined ? Infinity : now + durationMs });
  }

  /** Extra delivery delay for a frame of `sensor` (jitter fault), ms. */
  jitterMs(sensor: SensorName): number {
    return this.faults.jitterMs(sensor, this.faultRng);
  }

  /** Stops timers; the board emits nothing afterwards. */
  stop(): void {
    this.inference.stop();
    this.recorder.stop();
    this.stopped = true;
    this.listeners.clear();
  }
}
