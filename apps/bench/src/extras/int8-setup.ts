// A leaf module: the int8 runtime row (int8-inference.ts) hands this to the generated-C row
// (int8-generated-c.ts), which therefore need not import each other.

/** What the int8 comparison is given: the converted W1 model and its int8 inputs. */
export interface Int8Setup {
  /** tinyspark.qmodel v1 document */
  readonly document: unknown;
  /** the 4096 W1 inputs quantized by the runtime, [samples][150] */
  readonly inputs: Int8Array;
  /** the runtime's int8 logits for every input, [samples][6] */
  readonly logits: Int8Array;
}
