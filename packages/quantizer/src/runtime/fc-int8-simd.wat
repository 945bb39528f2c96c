;; int8 FULLY_CONNECTED kernels (TFLite Micro / ESP-NN arithmetic) with WebAssembly 128-bit SIMD.
;; Assembled by scripts/build-wasm.mjs into fc-int8-simd-module.ts (checked in):
;;   pnpm --filter @tinyspark/quantizer build:wasm
;; The JavaScript kernels (fully-connected-prepared.ts) give the same bits; fc-int8-simd.test.ts
;; proves it. docs/decisions/0015-int8-simd.md explains the choices.
;;
;; Layer record (i32 fields, RECORD_BYTES = 64 in fc-int8-network.ts), all pointers byte offsets:
;;    0 x      int8 input, nPad bytes, bytes inputDepth..nPad-1 are 0
;;    4 nPad   inputDepth rounded up to a multiple of 8
;;    8 m      outputDepth
;;   12 w      int8 weights, mPad rows of nPad bytes (mPad = m rounded up to 4; padding is 0)
;;   16 c      i32 per unit (mPad): bias + inputOffset * sum_d (w + filterOffset), modulo 2^32
;;   20 mult   i32 per unit: Q31 multiplier
;;   24 shift  i32 per unit: shift (positive = left)
;;   28 out    int8 output, m bytes (the next layer's x: its padding stays 0)
;;   32 outputOffset   36 activationMin   40 activationMax
;;   44 rounding (0 'double', 1 'single')   48 filterOffset
;;
;; acc[o] = sum_d x[d] * w[o,d] + filterOffset * sum_d x[d] + c[o] in wrapping int32: equal modulo
;; 2^32 to TFLM's sum_d (x[d] + inputOffset) * (w[o,d] + filterOffset) + bias[o], so bit-identical.
;; Each product is exact in i16 lanes (|x * w| <= 2^14) and i32x4.dot_i16x8_s adds pairs into i32.
(module
  (import "env" "memory" (memory 1))

  ;; MultiplyByQuantizedMultiplier, double rounding (TFLM default):
  ;; RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x << max(s,0), m), max(-s,0)).
  (func $mbqm_double (param $x i32) (param $m i32) (param $s i32) (result i32)
    (local $a i32) (local $h i32) (local $e i32) (local $mask i32)
    (local.set $a (local.get $x))
    (if (i32.gt_s (local.get $s) (i32.const 0))
      (then (local.set $a (i32.shl (local.get $x) (local.get $s)))))
    ;; SRDHM: floor((a*m + 2^30) / 2^31) (= gemmlowp's nudge-and-truncate), INT32_MAX for MIN*MIN
    (if (i32.and (i32.eq (local.get $a) (i32.const 0x80000000)) (i32.eq (local.get $m) (i32.const 0x80000000)))
      (then (local.set $h (i32.const 0x7fffffff)))
      (else
        (local.set $h
          (i32.wrap_i64
            (i64.shr_s
              (i64.add (i64.mul (i64.extend_i32_s (local.get $a)) (i64.extend_i32_s (local.get $m))) (i64.const 0x40000000))
              (i64.const 31))))))
    (if (i32.ge_s (local.get $s) (i32.const 0)) (then (return (local.get $h))))
    ;; RDBPOT(h, e): ties away from zero (remainder/threshold rule), e in [1, 31]
    (local.set $e (i32.sub (i32.const 0) (local.get $s)))
    (local.set $mask (i32.sub (i32.shl (i32.const 1) (local.get $e)) (i32.const 1)))
    (i32.add
      (i32.shr_s (local.get $h) (local.get $e))
      (i32.gt_s
        (i32.and (local.get $h) (local.get $mask))
        (i32.add (i32.shr_s (local.get $mask) (i32.const 1)) (i32.lt_s (local.get $h) (i32.const 0))))))

  ;; MultiplyByQuantizedMultiplier, TFLITE_SINGLE_ROUNDING: (x*m + 2^(t-1)) >> t with t = 31 - s
  ;; (t in [1, 62], |x*m| <= 2^62: no i64 overflow), saturated to int32.
  (func $mbqm_single (param $x i32) (param $m i32) (param $s i32) (result i32)
    (local $t i64) (local $y i64)
    (local.set $t (i64.extend_i32_s (i32.sub (i32.const 31) (local.get $s))))
    (local.set $y
      (i64.shr_s
        (i64.add
          (i64.mul (i64.extend_i32_s (local.get $x)) (i64.extend_i32_s (local.get $m)))
          (i64.shl (i64.const 1) (i64.sub (local.get $t) (i64.const 1))))
        (local.get $t)))
    (if (i64.lt_s (local.get $y) (i64.const -2147483648)) (then (return (i32.const 0x80000000))))
    (if (i64.gt_s (local.get $y) (i64.const 2147483647)) (then (return (i32.const 0x7fffffff))))
    (i32.wrap_i64 (local.get $y)))

  ;; Requantise unit u's accumulator and store it (nothing for a padding unit u >= m).
  (func $store_unit (param $r i32) (param $u i32) (param $acc i32)
    (local $y i32) (local $mn i32) (local $mx i32) (local $m i32) (local $s i32)
    (if (i32.ge_u (local.get $u) (i32.load offset=8 (local.get $r))) (then (return)))
    (local.set $m (i32.load (i32.add (i32.load offset=20 (local.get $r)) (i32.shl (local.get $u) (i32.const 2)))))
    (local.set $s (i32.load (i32.add (i32.load offset=24 (local.get $r)) (i32.shl (local.get $u) (i32.const 2)))))
    (if (i32.load offset=44 (local.get $r))
      (then (local.set $y (call $mbqm_single (local.get $acc) (local.get $m) (local.get $s))))
      (else (local.set $y (call $mbqm_double (local.get $acc) (local.get $m) (local.get $s)))))
    (local.set $y (i32.add (local.get $y) (i32.load offset=32 (local.get $r))))
    (local.set $mn (i32.load offset=36 (local.get $r)))
    (local.set $mx (i32.load offset=40 (local.get $r)))
    (if (i32.lt_s (local.get $y) (local.get $mn)) (then (local.set $y (local.get $mn))))
    (if (i32.gt_s (local.get $y) (local.get $mx)) (then (local.set $y (local.get $mx))))
    (i32.store8 (i32.add (i32.load offset=28 (local.get $r)) (local.get $u)) (local.get $y)))

  ;; One layer (batch 1): four units per pass over the input, eight inputs per step.
  (func $fc (param $r i32)
    (local $x i32) (local $n i32) (local $m i32) (local $k i32) (local $o i32) (local $sx i32)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $xv v128) (local $v v128)
    (local.set $x (i32.load offset=0 (local.get $r)))
    (local.set $n (i32.load offset=4 (local.get $r)))
    (local.set $m (i32.load offset=8 (local.get $r)))
    ;; filterOffset * sum_d x[d] (TFLite int8 weights are symmetric: filterOffset 0, skipped)
    (if (i32.load offset=48 (local.get $r))
      (then
        (local.set $v (v128.const i32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (block $sd
          (loop $sl
            (br_if $sd (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $v (i32x4.add (local.get $v) (i32x4.extadd_pairwise_i16x8_s (v128.load8x8_s (i32.add (local.get $x) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 8)))
            (br $sl)))
        (local.set $sx
          (i32.mul
            (i32.load offset=48 (local.get $r))
            (i32.add
              (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
              (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v))))))))
    (local.set $w0 (i32.load offset=12 (local.get $r)))
    (local.set $o (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $o) (local.get $m)))
        (local.set $w1 (i32.add (local.get $w0) (local.get $n)))
        (local.set $w2 (i32.add (local.get $w1) (local.get $n)))
        (local.set $w3 (i32.add (local.get $w2) (local.get $n)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (block $kd
          (loop $kl
            (br_if $kd (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $xv (v128.load8x8_s (i32.add (local.get $x) (local.get $k))))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $xv) (v128.load8x8_s (i32.add (local.get $w0) (local.get $k))))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $xv) (v128.load8x8_s (i32.add (local.get $w1) (local.get $k))))))
            (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $xv) (v128.load8x8_s (i32.add (local.get $w2) (local.get $k))))))
            (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $xv) (v128.load8x8_s (i32.add (local.get $w3) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 8)))
            (br $kl)))
        ;; horizontal sums: v = [sum a0, sum a1, sum a2, sum a3]
        (local.set $a0
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
        (local.set $a2
          (i32x4.add
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3))))
        (local.set $v
          (i32x4.add
            (i32x4.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a2))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a2)))
            (i32x4.add
              (v128.load (i32.add (i32.load offset=16 (local.get $r)) (i32.shl (local.get $o) (i32.const 2))))
              (i32x4.splat (local.get $sx)))))
        (call $store_unit (local.get $r) (local.get $o) (i32x4.extract_lane 0 (local.get $v)))
        (call $store_unit (local.get $r) (i32.add (local.get $o) (i32.const 1)) (i32x4.extract_lane 1 (local.get $v)))
        (call $store_unit (local.get $r) (i32.add (local.get $o) (i32.const 2)) (i32x4.extract_lane 2 (local.get $v)))
        (call $store_unit (local.get $r) (i32.add (local.get $o) (i32.const 3)) (i32x4.extract_lane 3 (local.get $v)))
        (local.set $w0 (i32.add (local.get $w3) (local.get $n)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $rows))))

  ;; One layer from its record.
  (func (export "fc_layer") (param $r i32) (call $fc (local.get $r)))

  ;; `layers` consecutive records from `table` (64 bytes each), in order: a whole network per call.
  (func (export "fc_network") (param $table i32) (param $layers i32)
    (local $l i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $l) (local.get $layers)))
        (call $fc (i32.add (local.get $table) (i32.shl (local.get $l) (i32.const 6))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $next)))))
