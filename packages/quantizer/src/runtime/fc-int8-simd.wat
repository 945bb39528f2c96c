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
;;   12 w      the weights as i16, in blocks of four units (mPad = m rounded up to 4; padding is 0):
;;             block b holds, for each group of eight inputs, units 4b..4b+3's eight weights in turn,
;;             so unit 4b+r, input d is at w + 2*(b*4*nPad + (d/8)*32 + r*8 + d%8)
;;   16 c      i32 per unit (mPad): bias + inputOffset * sum_d (w + filterOffset), modulo 2^32
;;   20 mult   i32 per unit: Q31 multiplier
;;   24 shift  i32 per unit: shift (positive = left)
;;   28 out    int8 output, m bytes (the next layer's x: its padding stays 0)
;;   32 outputOffset   36 activationMin   40 activationMax
;;   44 rounding (0 'double', 1 'single')   48 filterOffset
;;   52 acc    i32 scratch, mPad values: the accumulators, requantised in a second, scalar loop
;;   56 xs     i16 scratch, nPad values: the input widened once per layer
;;   60 vq     1: double rounding and one shift for every unit, so requantise four units at once
;;             with i64x2 products (the per-tensor case); 0: one unit at a time (per-channel
;;             shifts differ per lane, and wasm SIMD has no per-lane shift count; single rounding)
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

  ;; One layer (batch 1): four units per pass over the input, sixteen inputs per step; then every
  ;; unit's requantisation in a scalar loop.
  (func $fc (param $r i32)
    (local $x i32) (local $n i32) (local $m i32) (local $o i32) (local $sx i32) (local $k i32)
    (local $xp i32) (local $xEnd i32) (local $xEnd16 i32) (local $wp i32) (local $acc i32) (local $c i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $xv v128) (local $v v128)
    (local $mult i32) (local $shift i32) (local $out i32) (local $off i32) (local $mn i32) (local $mx i32) (local $single i32)
    (local $y i32) (local $s i32) (local $xs i32)
    (local $vq i32) (local $mp i32) (local $ls i32) (local $e i32) (local $mv v128) (local $h v128)
    (local $maskv v128) (local $halfv v128) (local $offv v128) (local $mnv v128) (local $mxv v128)
    (local.set $x (i32.load offset=0 (local.get $r)))
    (local.set $n (i32.load offset=4 (local.get $r)))
    (local.set $m (i32.load offset=8 (local.get $r)))
    ;; the input widened to i16 once (xs, nPad values), shared by every unit
    (local.set $xs (i32.load offset=56 (local.get $r)))
    (local.set $k (i32.const 0))
    (block $wd
      (loop $wl
        (br_if $wd (i32.ge_u (local.get $k) (local.get $n)))
        (v128.store (i32.add (local.get $xs) (i32.shl (local.get $k) (i32.const 1))) (v128.load8x8_s (i32.add (local.get $x) (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $wl)))
    (local.set $xEnd (i32.add (local.get $xs) (i32.shl (local.get $n) (i32.const 1))))
    (local.set $xEnd16 (i32.sub (local.get $xEnd) (i32.const 31)))
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
    (local.set $wp (i32.load offset=12 (local.get $r)))
    (local.set $c (i32.load offset=16 (local.get $r)))
    (local.set $acc (i32.load offset=52 (local.get $r)))
    (local.set $out (i32.load offset=28 (local.get $r)))
    (local.set $mp (i32.load offset=20 (local.get $r)))
    (local.set $vq (i32.load offset=60 (local.get $r)))
    (if (local.get $vq)
      (then
        (local.set $s (i32.load (i32.load offset=24 (local.get $r))))
        (if (i32.gt_s (local.get $s) (i32.const 0))
          (then (local.set $ls (local.get $s)))
          (else (local.set $e (i32.sub (i32.const 0) (local.get $s)))))
        (local.set $maskv (i32x4.splat (i32.sub (i32.shl (i32.const 1) (local.get $e)) (i32.const 1))))
        (local.set $halfv (i32x4.shr_s (local.get $maskv) (i32.const 1)))
        (local.set $offv (i32x4.splat (i32.load offset=32 (local.get $r))))
        (local.set $mnv (i32x4.splat (i32.load offset=36 (local.get $r))))
        (local.set $mxv (i32x4.splat (i32.load offset=40 (local.get $r))))))
    (local.set $o (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $o) (local.get $m)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $xp (local.get $xs))
        (block $kd
          (loop $kl
            (br_if $kd (i32.ge_u (local.get $xp) (local.get $xEnd16)))
            (local.set $xv (v128.load (local.get $xp)))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $xv) (v128.load (local.get $wp)))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $xv) (v128.load offset=16 (local.get $wp)))))
            (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $xv) (v128.load offset=32 (local.get $wp)))))
            (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $xv) (v128.load offset=48 (local.get $wp)))))
            (local.set $xv (v128.load offset=16 (local.get $xp)))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $xv) (v128.load offset=64 (local.get $wp)))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $xv) (v128.load offset=80 (local.get $wp)))))
            (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $xv) (v128.load offset=96 (local.get $wp)))))
            (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $xv) (v128.load offset=112 (local.get $wp)))))
            (local.set $xp (i32.add (local.get $xp) (i32.const 32)))
            (local.set $wp (i32.add (local.get $wp) (i32.const 128)))
            (br $kl)))
        (if (i32.lt_u (local.get $xp) (local.get $xEnd))
          (then
            (local.set $xv (v128.load (local.get $xp)))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $xv) (v128.load (local.get $wp)))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $xv) (v128.load offset=16 (local.get $wp)))))
            (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $xv) (v128.load offset=32 (local.get $wp)))))
            (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $xv) (v128.load offset=48 (local.get $wp)))))
            (local.set $wp (i32.add (local.get $wp) (i32.const 64)))))
        ;; horizontal sums: [sum a0, sum a1, sum a2, sum a3] + c + filterOffset * sum x
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
            (i32x4.add (v128.load (local.get $c)) (i32x4.splat (local.get $sx)))))
        (if (local.get $vq)
          (then
            ;; double rounding, one shift for the layer, four units at once (as $mbqm_double)
            (local.set $v (i32x4.shl (local.get $v) (local.get $ls)))
            (local.set $mv (v128.load (local.get $mp)))
            (local.set $h
              (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                (i64x2.shr_s (i64x2.add (i64x2.extmul_low_i32x4_s (local.get $v) (local.get $mv)) (v128.const i64x2 0x40000000 0x40000000)) (i32.const 31))
                (i64x2.shr_s (i64x2.add (i64x2.extmul_high_i32x4_s (local.get $v) (local.get $mv)) (v128.const i64x2 0x40000000 0x40000000)) (i32.const 31))))
            (local.set $h
              (v128.bitselect
                (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)
                (local.get $h)
                (v128.and
                  (i32x4.eq (local.get $v) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
                  (i32x4.eq (local.get $mv) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)))))
            ;; RDBPOT: (h >> e) + (h & mask > (mask >> 1) + (h < 0)); the comparisons give -1 for true
            (local.set $h
              (i32x4.sub
                (i32x4.shr_s (local.get $h) (local.get $e))
                (i32x4.gt_s
                  (v128.and (local.get $h) (local.get $maskv))
                  (i32x4.sub (local.get $halfv) (i32x4.lt_s (local.get $h) (v128.const i32x4 0 0 0 0))))))
            (local.set $h (i32x4.min_s (i32x4.max_s (i32x4.add (local.get $h) (local.get $offv)) (local.get $mnv)) (local.get $mxv)))
            (if (i32.le_u (i32.add (local.get $o) (i32.const 4)) (local.get $m))
              (then
                (v128.store32_lane 0
                  (i32.add (local.get $out) (local.get $o))
                  (i8x16.narrow_i16x8_s (i16x8.narrow_i32x4_s (local.get $h) (local.get $h)) (local.get $h))))
              (else
                ;; the last, partial block: only the real units (the output's padding stays 0)
                (v128.store (local.get $acc) (local.get $h))
                (local.set $k (i32.const 0))
                (block $td
                  (loop $tl
                    (br_if $td (i32.ge_u (i32.add (local.get $o) (local.get $k)) (local.get $m)))
                    (i32.store8 (i32.add (local.get $out) (i32.add (local.get $o) (local.get $k))) (i32.load (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 2)))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $tl))))))
          (else (v128.store (local.get $acc) (local.get $v))))
        (local.set $mp (i32.add (local.get $mp) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $rows)))
    (if (local.get $vq) (then (return)))
    ;; requantise one unit at a time: MBQM with the layer's rounding, + outputOffset, clamp, store
    (local.set $acc (i32.load offset=52 (local.get $r)))
    (local.set $mult (i32.load offset=20 (local.get $r)))
    (local.set $shift (i32.load offset=24 (local.get $r)))
    (local.set $out (i32.load offset=28 (local.get $r)))
    (local.set $off (i32.load offset=32 (local.get $r)))
    (local.set $mn (i32.load offset=36 (local.get $r)))
    (local.set $mx (i32.load offset=40 (local.get $r)))
    (local.set $single (i32.load offset=44 (local.get $r)))
    (local.set $o (i32.const 0))
    (block $qd
      (loop $ql
        (br_if $qd (i32.ge_u (local.get $o) (local.get $m)))
        (local.set $s (i32.load (local.get $shift)))
        (if (local.get $single)
          (then (local.set $y (call $mbqm_single (i32.load (local.get $acc)) (i32.load (local.get $mult)) (local.get $s))))
          (else (local.set $y (call $mbqm_double (i32.load (local.get $acc)) (i32.load (local.get $mult)) (local.get $s)))))
        (local.set $y (i32.add (local.get $y) (local.get $off)))
        (if (i32.lt_s (local.get $y) (local.get $mn)) (then (local.set $y (local.get $mn))))
        (if (i32.gt_s (local.get $y) (local.get $mx)) (then (local.set $y (local.get $mx))))
        (i32.store8 (i32.add (local.get $out) (local.get $o)) (local.get $y))
        (local.set $acc (i32.add (local.get $acc) (i32.const 4)))
        (local.set $mult (i32.add (local.get $mult) (i32.const 4)))
        (local.set $shift (i32.add (local.get $shift) (i32.const 4)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $ql))))

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
