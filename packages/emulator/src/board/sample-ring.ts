/** Fixed-capacity ring of the most recent raw samples (with their board times), allocation-free. */
export class SampleRing {
  private readonly times: Float64Array;
  private readonly raw: Int16Array;
  private head = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly axes: number,
  ) {
    this.times = new Float64Array(capacity);
    this.raw = new Int16Array(capacity * axes);
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  push(t: number, src: Int16Array, offset: number): void {
    const i = this.head;
    this.times[i] = t;
    for (let a = 0; a < this.axes; a++) this.raw[i * this.axes + a] = src[offset + a]!;
    this.head = (i + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  private slot(i: number): number {
    return (this.head - this.count + i + this.capacity) % this.capacity;
  }

  /** Time of the i-th oldest sample. */
  time(i: number): number {
    return this.times[this.slot(i)]!;
  }

  /** Raw value of the i-th oldest sample on an axis. */
  value(i: number, axis: number): number {
    return this.raw[this.slot(i) * this.axes + axis]!;
  }
}
