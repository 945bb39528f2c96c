;; Dense-layer kernels of @tinyspark/core in WebAssembly with 128-bit SIMD (f32x4).
;;
;; Assembled by packages/core/scripts/build-wasm.mjs (the `wabt` package, a devDependency) into
;; dense-simd-module.ts (base64 of the .wasm, checked in), so nothing at run time needs wabt.
;;
;; THE NUMERIC CONTRACT (docs/decisions/0008-float32.md): every operation is one IEEE float32
;; operation (f32.mul / f32.add round once each; no fused multiply-add), in the order written
;; below. The JavaScript fallback (../dense-forward.ts, ../dense-backward.ts, ../../optimizer.ts)
;; performs the same operations in the same order with Math.fround, so both give the same bits.
;;
;; Memory is imported (`env.memory`); every pointer is a byte offset into it. Weights are
;; row-major per output unit: w[u*n + i] (docs/decisions/0002-weight-layout.md). Batches are
;; row-major per sample: x[b*n + i], z[b*units + u]. Loads are unaligned (align=1), so rows of
;; any length work. A bias pointer of 0 means "no bias" (the allocator never hands out 0).
(module
  (import "env" "memory" (memory 1))

  ;; Forward: for every sample b and unit u,
  ;;   s[l] = sum over i = l, l+4, l+8, ... < n4 of w[u*n+i]*x[b*n+i]   (four lane sums, i ascending)
  ;;   t    = (s[0] + s[1]) + (s[2] + s[3])
  ;;   t    = t + w[u*n+i]*x[b*n+i] for i = n4 .. n-1                 (the n mod 4 tail, ascending)
  ;;   t    = t + bias[u]                                              (when there is a bias)
  ;;   z[b*units+u] = relu ? (t > 0 ? t : 0) : t
  ;; with n4 = n rounded down to a multiple of 4. How units and samples are grouped into passes
  ;; (two samples x four units, or one sample x eight units) changes which loads are shared,
  ;; never the operations of a unit or their order.
  (func $dense_forward (export "dense_forward")
    (param $w i32) (param $bias i32) (param $x i32) (param $n i32) (param $batch i32) (param $units i32) (param $z i32) (param $relu i32)
    (local $row i32) (local $urow i32) (local $b i32)
    (local.set $row (i32.shl (local.get $n) (i32.const 2)))
    (local.set $urow (i32.shl (local.get $units) (i32.const 2)))
    (local.set $b (i32.const 0))
    (block $pairs_done
      (loop $per_pair
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $b) (i32.const 2)) (local.get $batch)))
        (call $fwd_two (local.get $w) (local.get $bias)
          (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $row))) (local.get $n) (local.get $units)
          (i32.add (local.get $z) (i32.mul (local.get $b) (local.get $urow))) (local.get $relu))
        (local.set $b (i32.add (local.get $b) (i32.const 2)))
        (br $per_pair)))
    (if (i32.lt_u (local.get $b) (local.get $batch))
      (then
        (call $fwd_one (local.get $w) (local.get $bias)
          (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $row))) (local.get $n) (local.get $units)
          (i32.add (local.get $z) (i32.mul (local.get $b) (local.get $urow))) (local.get $relu)))))

  ;; Units u0 .. units-1 of one sample of dense_forward, one at a time (same order).
  (func $fwd_units (param $w i32) (param $bias i32) (param $xr i32) (param $n i32) (param $u0 i32) (param $units i32) (param $zr i32) (param $relu i32)
    (local $row i32) (local $end4 i32) (local $u i32) (local $off i32) (local $w0 i32) (local $a0 v128) (local $t0 f32)
    (local.set $row (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $row) (i32.const -16)))
    (local.set $u (local.get $u0))
    (block $units_done
      (loop $per_unit
        (br_if $units_done (i32.ge_u (local.get $u) (local.get $units)))
        (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $u) (local.get $row))))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $off (i32.const 0))
        (block $vec_done
          (loop $per_vec
            (br_if $vec_done (i32.ge_u (local.get $off) (local.get $end4)))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul (v128.load align=1 (i32.add (local.get $w0) (local.get $off))) (v128.load align=1 (i32.add (local.get $xr) (local.get $off))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $per_vec)))
        (local.set $t0 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0))) (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (block $tail_done
          (loop $per_tail
            (br_if $tail_done (i32.ge_u (local.get $off) (local.get $row)))
            (local.set $t0 (f32.add (local.get $t0)
              (f32.mul (f32.load align=1 (i32.add (local.get $w0) (local.get $off))) (f32.load align=1 (i32.add (local.get $xr) (local.get $off))))))
            (local.set $off (i32.add (local.get $off) (i32.const 4)))
            (br $per_tail)))
        (if (local.get $bias)
          (then (local.set $t0 (f32.add (local.get $t0) (f32.load align=1 (i32.add (local.get $bias) (i32.shl (local.get $u) (i32.const 2))))))))
        (if (local.get $relu)
          (then (local.set $t0 (select (local.get $t0) (f32.const 0) (f32.gt (local.get $t0) (f32.const 0))))))
        (f32.store align=1 (i32.add (local.get $zr) (i32.shl (local.get $u) (i32.const 2))) (local.get $t0))
        (local.set $u (i32.add (local.get $u) (i32.const 1)))
        (br $per_unit))))

  ;; One sample of dense_forward: 8 units per pass (their 8 lane-sum vectors share each input
  ;; load), then 4, then one at a time; every unit in the order above.
  (func $fwd_one (param $w i32) (param $bias i32) (param $xr i32) (param $n i32) (param $units i32) (param $zr i32) (param $relu i32)
    (local $row i32) (local $end4 i32) (local $u i32) (local $off i32) (local $bu i32) (local $zu i32)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32) (local $w4 i32) (local $w5 i32) (local $w6 i32) (local $w7 i32)
    (local $xv v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $xi f32) (local $t0 f32) (local $t1 f32) (local $t2 f32) (local $t3 f32) (local $t4 f32) (local $t5 f32) (local $t6 f32) (local $t7 f32)
    (local.set $row (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $row) (i32.const -16)))
    (local.set $u (i32.const 0))
    ;; 8 units at a time
    (block $blk8_done
    (loop $per_blk8
      (br_if $blk8_done (i32.gt_u (i32.add (local.get $u) (i32.const 8)) (local.get $units)))
      (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $u) (local.get $row))))
      (local.set $w1 (i32.add (local.get $w0) (local.get $row)))
      (local.set $w2 (i32.add (local.get $w1) (local.get $row)))
      (local.set $w3 (i32.add (local.get $w2) (local.get $row)))
      (local.set $w4 (i32.add (local.get $w3) (local.get $row)))
      (local.set $w5 (i32.add (local.get $w4) (local.get $row)))
      (local.set $w6 (i32.add (local.get $w5) (local.get $row)))
      (local.set $w7 (i32.add (local.get $w6) (local.get $row)))
      (local.set $a0 (v128.const f32x4 0 0 0 0))
      (local.set $a1 (v128.const f32x4 0 0 0 0))
      (local.set $a2 (v128.const f32x4 0 0 0 0))
      (local.set $a3 (v128.const f32x4 0 0 0 0))
      (local.set $a4 (v128.const f32x4 0 0 0 0))
      (local.set $a5 (v128.const f32x4 0 0 0 0))
      (local.set $a6 (v128.const f32x4 0 0 0 0))
      (local.set $a7 (v128.const f32x4 0 0 0 0))
      (local.set $off (i32.const 0))
      (block $vec8_done
        (loop $per_vec8
          (br_if $vec8_done (i32.ge_u (local.get $off) (local.get $end4)))
          (local.set $xv (v128.load align=1 (i32.add (local.get $xr) (local.get $off))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load align=1 (i32.add (local.get $w0) (local.get $off))) (local.get $xv))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load align=1 (i32.add (local.get $w1) (local.get $off))) (local.get $xv))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load align=1 (i32.add (local.get $w2) (local.get $off))) (local.get $xv))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load align=1 (i32.add (local.get $w3) (local.get $off))) (local.get $xv))))
          (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (v128.load align=1 (i32.add (local.get $w4) (local.get $off))) (local.get $xv))))
          (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (v128.load align=1 (i32.add (local.get $w5) (local.get $off))) (local.get $xv))))
          (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (v128.load align=1 (i32.add (local.get $w6) (local.get $off))) (local.get $xv))))
          (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (v128.load align=1 (i32.add (local.get $w7) (local.get $off))) (local.get $xv))))
          (local.set $off (i32.add (local.get $off) (i32.const 16)))
          (br $per_vec8)))
      (local.set $t0 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0))) (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
      (local.set $t1 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a1)) (f32x4.extract_lane 1 (local.get $a1))) (f32.add (f32x4.extract_lane 2 (local.get $a1)) (f32x4.extract_lane 3 (local.get $a1)))))
      (local.set $t2 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a2)) (f32x4.extract_lane 1 (local.get $a2))) (f32.add (f32x4.extract_lane 2 (local.get $a2)) (f32x4.extract_lane 3 (local.get $a2)))))
      (local.set $t3 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a3)) (f32x4.extract_lane 1 (local.get $a3))) (f32.add (f32x4.extract_lane 2 (local.get $a3)) (f32x4.extract_lane 3 (local.get $a3)))))
      (local.set $t4 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a4)) (f32x4.extract_lane 1 (local.get $a4))) (f32.add (f32x4.extract_lane 2 (local.get $a4)) (f32x4.extract_lane 3 (local.get $a4)))))
      (local.set $t5 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a5)) (f32x4.extract_lane 1 (local.get $a5))) (f32.add (f32x4.extract_lane 2 (local.get $a5)) (f32x4.extract_lane 3 (local.get $a5)))))
      (local.set $t6 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a6)) (f32x4.extract_lane 1 (local.get $a6))) (f32.add (f32x4.extract_lane 2 (local.get $a6)) (f32x4.extract_lane 3 (local.get $a6)))))
      (local.set $t7 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a7)) (f32x4.extract_lane 1 (local.get $a7))) (f32.add (f32x4.extract_lane 2 (local.get $a7)) (f32x4.extract_lane 3 (local.get $a7)))))
      (local.set $off (local.get $end4))
      (block $tail8_done
        (loop $per_tail8
          (br_if $tail8_done (i32.ge_u (local.get $off) (local.get $row)))
          (local.set $xi (f32.load align=1 (i32.add (local.get $xr) (local.get $off))))
          (local.set $t0 (f32.add (local.get $t0) (f32.mul (f32.load align=1 (i32.add (local.get $w0) (local.get $off))) (local.get $xi))))
          (local.set $t1 (f32.add (local.get $t1) (f32.mul (f32.load align=1 (i32.add (local.get $w1) (local.get $off))) (local.get $xi))))
          (local.set $t2 (f32.add (local.get $t2) (f32.mul (f32.load align=1 (i32.add (local.get $w2) (local.get $off))) (local.get $xi))))
          (local.set $t3 (f32.add (local.get $t3) (f32.mul (f32.load align=1 (i32.add (local.get $w3) (local.get $off))) (local.get $xi))))
          (local.set $t4 (f32.add (local.get $t4) (f32.mul (f32.load align=1 (i32.add (local.get $w4) (local.get $off))) (local.get $xi))))
          (local.set $t5 (f32.add (local.get $t5) (f32.mul (f32.load align=1 (i32.add (local.get $w5) (local.get $off))) (local.get $xi))))
          (local.set $t6 (f32.add (local.get $t6) (f32.mul (f32.load align=1 (i32.add (local.get $w6) (local.get $off))) (local.get $xi))))
          (local.set $t7 (f32.add (local.get $t7) (f32.mul (f32.load align=1 (i32.add (local.get $w7) (local.get $off))) (local.get $xi))))
          (local.set $off (i32.add (local.get $off) (i32.const 4)))
          (br $per_tail8)))
      (local.set $bu (i32.add (local.get $bias) (i32.shl (local.get $u) (i32.const 2))))
      (if (local.get $bias)
        (then
          (local.set $t0 (f32.add (local.get $t0) (f32.load offset=0 align=1 (local.get $bu))))
          (local.set $t1 (f32.add (local.get $t1) (f32.load offset=4 align=1 (local.get $bu))))
          (local.set $t2 (f32.add (local.get $t2) (f32.load offset=8 align=1 (local.get $bu))))
          (local.set $t3 (f32.add (local.get $t3) (f32.load offset=12 align=1 (local.get $bu))))
          (local.set $t4 (f32.add (local.get $t4) (f32.load offset=16 align=1 (local.get $bu))))
          (local.set $t5 (f32.add (local.get $t5) (f32.load offset=20 align=1 (local.get $bu))))
          (local.set $t6 (f32.add (local.get $t6) (f32.load offset=24 align=1 (local.get $bu))))
          (local.set $t7 (f32.add (local.get $t7) (f32.load offset=28 align=1 (local.get $bu))))))
      (if (local.get $relu)
        (then
          (local.set $t0 (select (local.get $t0) (f32.const 0) (f32.gt (local.get $t0) (f32.const 0))))
          (local.set $t1 (select (local.get $t1) (f32.const 0) (f32.gt (local.get $t1) (f32.const 0))))
          (local.set $t2 (select (local.get $t2) (f32.const 0) (f32.gt (local.get $t2) (f32.const 0))))
          (local.set $t3 (select (local.get $t3) (f32.const 0) (f32.gt (local.get $t3) (f32.const 0))))
          (local.set $t4 (select (local.get $t4) (f32.const 0) (f32.gt (local.get $t4) (f32.const 0))))
          (local.set $t5 (select (local.get $t5) (f32.const 0) (f32.gt (local.get $t5) (f32.const 0))))
          (local.set $t6 (select (local.get $t6) (f32.const 0) (f32.gt (local.get $t6) (f32.const 0))))
          (local.set $t7 (select (local.get $t7) (f32.const 0) (f32.gt (local.get $t7) (f32.const 0))))))
      (local.set $zu (i32.add (local.get $zr) (i32.shl (local.get $u) (i32.const 2))))
      (f32.store offset=0 align=1 (local.get $zu) (local.get $t0))
      (f32.store offset=4 align=1 (local.get $zu) (local.get $t1))
      (f32.store offset=8 align=1 (local.get $zu) (local.get $t2))
      (f32.store offset=12 align=1 (local.get $zu) (local.get $t3))
      (f32.store offset=16 align=1 (local.get $zu) (local.get $t4))
      (f32.store offset=20 align=1 (local.get $zu) (local.get $t5))
      (f32.store offset=24 align=1 (local.get $zu) (local.get $t6))
      (f32.store offset=28 align=1 (local.get $zu) (local.get $t7))
      (local.set $u (i32.add (local.get $u) (i32.const 8)))
      (br $per_blk8)))
    ;; 4 units at a time
    (block $blk4_done
    (loop $per_blk4
      (br_if $blk4_done (i32.gt_u (i32.add (local.get $u) (i32.const 4)) (local.get $units)))
      (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $u) (local.get $row))))
      (local.set $w1 (i32.add (local.get $w0) (local.get $row)))
      (local.set $w2 (i32.add (local.get $w1) (local.get $row)))
      (local.set $w3 (i32.add (local.get $w2) (local.get $row)))
      (local.set $a0 (v128.const f32x4 0 0 0 0))
      (local.set $a1 (v128.const f32x4 0 0 0 0))
      (local.set $a2 (v128.const f32x4 0 0 0 0))
      (local.set $a3 (v128.const f32x4 0 0 0 0))
      (local.set $off (i32.const 0))
      (block $vec4_done
        (loop $per_vec4
          (br_if $vec4_done (i32.ge_u (local.get $off) (local.get $end4)))
          (local.set $xv (v128.load align=1 (i32.add (local.get $xr) (local.get $off))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load align=1 (i32.add (local.get $w0) (local.get $off))) (local.get $xv))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load align=1 (i32.add (local.get $w1) (local.get $off))) (local.get $xv))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load align=1 (i32.add (local.get $w2) (local.get $off))) (local.get $xv))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load align=1 (i32.add (local.get $w3) (local.get $off))) (local.get $xv))))
          (local.set $off (i32.add (local.get $off) (i32.const 16)))
          (br $per_vec4)))
      (local.set $t0 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0))) (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
      (local.set $t1 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a1)) (f32x4.extract_lane 1 (local.get $a1))) (f32.add (f32x4.extract_lane 2 (local.get $a1)) (f32x4.extract_lane 3 (local.get $a1)))))
      (local.set $t2 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a2)) (f32x4.extract_lane 1 (local.get $a2))) (f32.add (f32x4.extract_lane 2 (local.get $a2)) (f32x4.extract_lane 3 (local.get $a2)))))
      (local.set $t3 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a3)) (f32x4.extract_lane 1 (local.get $a3))) (f32.add (f32x4.extract_lane 2 (local.get $a3)) (f32x4.extract_lane 3 (local.get $a3)))))
      (local.set $off (local.get $end4))
      (block $tail4_done
        (loop $per_tail4
          (br_if $tail4_done (i32.ge_u (local.get $off) (local.get $row)))
          (local.set $xi (f32.load align=1 (i32.add (local.get $xr) (local.get $off))))
          (local.set $t0 (f32.add (local.get $t0) (f32.mul (f32.load align=1 (i32.add (local.get $w0) (local.get $off))) (local.get $xi))))
          (local.set $t1 (f32.add (local.get $t1) (f32.mul (f32.load align=1 (i32.add (local.get $w1) (local.get $off))) (local.get $xi))))
          (local.set $t2 (f32.add (local.get $t2) (f32.mul (f32.load align=1 (i32.add (local.get $w2) (local.get $off))) (local.get $xi))))
          (local.set $t3 (f32.add (local.get $t3) (f32.mul (f32.load align=1 (i32.add (local.get $w3) (local.get $off))) (local.get $xi))))
          (local.set $off (i32.add (local.get $off) (i32.const 4)))
          (br $per_tail4)))
      (local.set $bu (i32.add (local.get $bias) (i32.shl (local.get $u) (i32.const 2))))
      (if (local.get $bias)
        (then
          (local.set $t0 (f32.add (local.get $t0) (f32.load offset=0 align=1 (local.get $bu))))
          (local.set $t1 (f32.add (local.get $t1) (f32.load offset=4 align=1 (local.get $bu))))
          (local.set $t2 (f32.add (local.get $t2) (f32.load offset=8 align=1 (local.get $bu))))
          (local.set $t3 (f32.add (local.get $t3) (f32.load offset=12 align=1 (local.get $bu))))))
      (if (local.get $relu)
        (then
          (local.set $t0 (select (local.get $t0) (f32.const 0) (f32.gt (local.get $t0) (f32.const 0))))
          (local.set $t1 (select (local.get $t1) (f32.const 0) (f32.gt (local.get $t1) (f32.const 0))))
          (local.set $t2 (select (local.get $t2) (f32.const 0) (f32.gt (local.get $t2) (f32.const 0))))
          (local.set $t3 (select (local.get $t3) (f32.const 0) (f32.gt (local.get $t3) (f32.const 0))))))
      (local.set $zu (i32.add (local.get $zr) (i32.shl (local.get $u) (i32.const 2))))
      (f32.store offset=0 align=1 (local.get $zu) (local.get $t0))
      (f32.store offset=4 align=1 (local.get $zu) (local.get $t1))
      (f32.store offset=8 align=1 (local.get $zu) (local.get $t2))
      (f32.store offset=12 align=1 (local.get $zu) (local.get $t3))
      (local.set $u (i32.add (local.get $u) (i32.const 4)))
      (br $per_blk4)))
    ;; the remaining units, one at a time
    (call $fwd_units (local.get $w) (local.get $bias) (local.get $xr) (local.get $n) (local.get $u) (local.get $units) (local.get $zr) (local.get $relu)))

  ;; Two samples of dense_forward (rows xr and xr+n, zr and zr+units): 4 units per pass, each weight
  ;; load shared by both samples; then the remaining units one at a time; every unit in the order above.
  (func $fwd_two (param $w i32) (param $bias i32) (param $xr i32) (param $n i32) (param $units i32) (param $zr i32) (param $relu i32)
    (local $row i32) (local $end4 i32) (local $u i32) (local $off i32) (local $bu i32) (local $zu i32) (local $xs i32) (local $zs i32)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32)
    (local $xv v128) (local $yv v128) (local $wv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $xi f32) (local $t0 f32) (local $t1 f32) (local $t2 f32) (local $t3 f32)
    (local.set $row (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $row) (i32.const -16)))
    (local.set $xs (i32.add (local.get $xr) (local.get $row)))
    (local.set $zs (i32.add (local.get $zr) (i32.shl (local.get $units) (i32.const 2))))
    (local.set $u (i32.const 0))
    (block $blk_done
    (loop $per_blk
      (br_if $blk_done (i32.gt_u (i32.add (local.get $u) (i32.const 4)) (local.get $units)))
      (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $u) (local.get $row))))
      (local.set $w1 (i32.add (local.get $w0) (local.get $row)))
      (local.set $w2 (i32.add (local.get $w1) (local.get $row)))
      (local.set $w3 (i32.add (local.get $w2) (local.get $row)))
      (local.set $a0 (v128.const f32x4 0 0 0 0))
      (local.set $a1 (v128.const f32x4 0 0 0 0))
      (local.set $a2 (v128.const f32x4 0 0 0 0))
      (local.set $a3 (v128.const f32x4 0 0 0 0))
      (local.set $c0 (v128.const f32x4 0 0 0 0))
      (local.set $c1 (v128.const f32x4 0 0 0 0))
      (local.set $c2 (v128.const f32x4 0 0 0 0))
      (local.set $c3 (v128.const f32x4 0 0 0 0))
      (local.set $off (i32.const 0))
      (block $vec_done
        (loop $per_vec
          (br_if $vec_done (i32.ge_u (local.get $off) (local.get $end4)))
          (local.set $xv (v128.load align=1 (i32.add (local.get $xr) (local.get $off))))
          (local.set $yv (v128.load align=1 (i32.add (local.get $xs) (local.get $off))))
          (local.set $wv (v128.load align=1 (i32.add (local.get $w0) (local.get $off))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $wv) (local.get $xv))))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $wv) (local.get $yv))))
          (local.set $wv (v128.load align=1 (i32.add (local.get $w1) (local.get $off))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $wv) (local.get $xv))))
          (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $wv) (local.get $yv))))
          (local.set $wv (v128.load align=1 (i32.add (local.get $w2) (local.get $off))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $wv) (local.get $xv))))
          (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $wv) (local.get $yv))))
          (local.set $wv (v128.load align=1 (i32.add (local.get $w3) (local.get $off))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $wv) (local.get $xv))))
          (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $wv) (local.get $yv))))
          (local.set $off (i32.add (local.get $off) (i32.const 16)))
          (br $per_vec)))
      ;; the first sample's four units, then the second's
      (local.set $t0 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0))) (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
      (local.set $t1 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a1)) (f32x4.extract_lane 1 (local.get $a1))) (f32.add (f32x4.extract_lane 2 (local.get $a1)) (f32x4.extract_lane 3 (local.get $a1)))))
      (local.set $t2 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a2)) (f32x4.extract_lane 1 (local.get $a2))) (f32.add (f32x4.extract_lane 2 (local.get $a2)) (f32x4.extract_lane 3 (local.get $a2)))))
      (local.set $t3 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a3)) (f32x4.extract_lane 1 (local.get $a3))) (f32.add (f32x4.extract_lane 2 (local.get $a3)) (f32x4.extract_lane 3 (local.get $a3)))))
      (local.set $off (local.get $end4))
      (block $tail0_done
        (loop $per_tail0
          (br_if $tail0_done (i32.ge_u (local.get $off) (local.get $row)))
          (local.set $xi (f32.load align=1 (i32.add (local.get $xr) (local.get $off))))
          (local.set $t0 (f32.add (local.get $t0) (f32.mul (f32.load align=1 (i32.add (local.get $w0) (local.get $off))) (local.get $xi))))
          (local.set $t1 (f32.add (local.get $t1) (f32.mul (f32.load align=1 (i32.add (local.get $w1) (local.get $off))) (local.get $xi))))
          (local.set $t2 (f32.add (local.get $t2) (f32.mul (f32.load align=1 (i32.add (local.get $w2) (local.get $off))) (local.get $xi))))
          (local.set $t3 (f32.add (local.get $t3) (f32.mul (f32.load align=1 (i32.add (local.get $w3) (local.get $off))) (local.get $xi))))
          (local.set $off (i32.add (local.get $off) (i32.const 4)))
          (br $per_tail0)))
      (local.set $bu (i32.add (local.get $bias) (i32.shl (local.get $u) (i32.const 2))))
      (if (local.get $bias)
        (then
          (local.set $t0 (f32.add (local.get $t0) (f32.load offset=0 align=1 (local.get $bu))))
          (local.set $t1 (f32.add (local.get $t1) (f32.load offset=4 align=1 (local.get $bu))))
          (local.set $t2 (f32.add (local.get $t2) (f32.load offset=8 align=1 (local.get $bu))))
          (local.set $t3 (f32.add (local.get $t3) (f32.load offset=12 align=1 (local.get $bu))))))
      (if (local.get $relu)
        (then
          (local.set $t0 (select (local.get $t0) (f32.const 0) (f32.gt (local.get $t0) (f32.const 0))))
          (local.set $t1 (select (local.get $t1) (f32.const 0) (f32.gt (local.get $t1) (f32.const 0))))
          (local.set $t2 (select (local.get $t2) (f32.const 0) (f32.gt (local.get $t2) (f32.const 0))))
          (local.set $t3 (select (local.get $t3) (f32.const 0) (f32.gt (local.get $t3) (f32.const 0))))))
      (local.set $zu (i32.add (local.get $zr) (i32.shl (local.get $u) (i32.const 2))))
      (f32.store offset=0 align=1 (local.get $zu) (local.get $t0))
      (f32.store offset=4 align=1 (local.get $zu) (local.get $t1))
      (f32.store offset=8 align=1 (local.get $zu) (local.get $t2))
      (f32.store offset=12 align=1 (local.get $zu) (local.get $t3))
      (local.set $t0 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $c0)) (f32x4.extract_lane 1 (local.get $c0))) (f32.add (f32x4.extract_lane 2 (local.get $c0)) (f32x4.extract_lane 3 (local.get $c0)))))
      (local.set $t1 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $c1)) (f32x4.extract_lane 1 (local.get $c1))) (f32.add (f32x4.extract_lane 2 (local.get $c1)) (f32x4.extract_lane 3 (local.get $c1)))))
      (local.set $t2 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $c2)) (f32x4.extract_lane 1 (local.get $c2))) (f32.add (f32x4.extract_lane 2 (local.get $c2)) (f32x4.extract_lane 3 (local.get $c2)))))
      (local.set $t3 (f32.add (f32.add (f32x4.extract_lane 0 (local.get $c3)) (f32x4.extract_lane 1 (local.get $c3))) (f32.add (f32x4.extract_lane 2 (local.get $c3)) (f32x4.extract_lane 3 (local.get $c3)))))
      (local.set $off (local.get $end4))
      (block $tail1_done
        (loop $per_tail1
          (br_if $tail1_done (i32.ge_u (local.get $off) (local.get $row)))
          (local.set $xi (f32.load align=1 (i32.add (local.get $xs) (local.get $off))))
          (local.set $t0 (f32.add (local.get $t0) (f32.mul (f32.load align=1 (i32.add (local.get $w0) (local.get $off))) (local.get $xi))))
          (local.set $t1 (f32.add (local.get $t1) (f32.mul (f32.load align=1 (i32.add (local.get $w1) (local.get $off))) (local.get $xi))))
          (local.set $t2 (f32.add (local.get $t2) (f32.mul (f32.load align=1 (i32.add (local.get $w2) (local.get $off))) (local.get $xi))))
          (local.set $t3 (f32.add (local.get $t3) (f32.mul (f32.load align=1 (i32.add (local.get $w3) (local.get $off))) (local.get $xi))))
          (local.set $off (i32.add (local.get $off) (i32.const 4)))
          (br $per_tail1)))
      (local.set $bu (i32.add (local.get $bias) (i32.shl (local.get $u) (i32.const 2))))
      (if (local.get $bias)
        (then
          (local.set $t0 (f32.add (local.get $t0) (f32.load offset=0 align=1 (local.get $bu))))
          (local.set $t1 (f32.add (local.get $t1) (f32.load offset=4 align=1 (local.get $bu))))
          (local.set $t2 (f32.add (local.get $t2) (f32.load offset=8 align=1 (local.get $bu))))
          (local.set $t3 (f32.add (local.get $t3) (f32.load offset=12 align=1 (local.get $bu))))))
      (if (local.get $relu)
        (then
          (local.set $t0 (select (local.get $t0) (f32.const 0) (f32.gt (local.get $t0) (f32.const 0))))
          (local.set $t1 (select (local.get $t1) (f32.const 0) (f32.gt (local.get $t1) (f32.const 0))))
          (local.set $t2 (select (local.get $t2) (f32.const 0) (f32.gt (local.get $t2) (f32.const 0))))
          (local.set $t3 (select (local.get $t3) (f32.const 0) (f32.gt (local.get $t3) (f32.const 0))))))
      (local.set $zu (i32.add (local.get $zs) (i32.shl (local.get $u) (i32.const 2))))
      (f32.store offset=0 align=1 (local.get $zu) (local.get $t0))
      (f32.store offset=4 align=1 (local.get $zu) (local.get $t1))
      (f32.store offset=8 align=1 (local.get $zu) (local.get $t2))
      (f32.store offset=12 align=1 (local.get $zu) (local.get $t3))
      (local.set $u (i32.add (local.get $u) (i32.const 4)))
      (br $per_blk)))
    (call $fwd_units (local.get $w) (local.get $bias) (local.get $xr) (local.get $n) (local.get $u) (local.get $units) (local.get $zr) (local.get $relu))
    (call $fwd_units (local.get $w) (local.get $bias) (local.get $xs) (local.get $n) (local.get $u) (local.get $units) (local.get $zs) (local.get $relu)))
  ;; Weight gradients (overwrite, never accumulate into, gw and gb):
  ;;   ds[b,u]      = delta[b*units+u] * scale
  ;;   gw[u*n + i]  = sum over b = 0 .. batch-1 (ascending, from 0) of ds[b,u] * x[b*n+i]
  ;;   gb[u]        = sum over b (ascending, from 0) of ds[b,u]          (when gb is not 0)
  ;; `scratch` holds batch*units floats: ds transposed (ds[u*batch + b]), so each is one
  ;; load-and-splat. Four units per pass share every input load; lanes are four inputs i.
  (func $dense_weight_grad (export "dense_weight_grad")
    (param $d i32) (param $x i32) (param $n i32) (param $batch i32) (param $units i32) (param $scale f32)
    (param $gw i32) (param $gb i32) (param $scratch i32)
    (local $row i32) (local $end4 i32) (local $b i32) (local $u i32) (local $off i32) (local $xb i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $k i32)
    (local $g0 i32) (local $g1 i32) (local $g2 i32) (local $g3 i32)
    (local $xv v128) (local $yv v128) (local $sv v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $xi f32) (local $t0 f32) (local $t1 f32) (local $t2 f32) (local $t3 f32)
    (local.set $row (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $row) (i32.const -16)))
    ;; ds, transposed into scratch
    (local.set $b (i32.const 0))
    (block $ds_done
      (loop $ds_b
        (br_if $ds_done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $u (i32.const 0))
        (block $ds_u_done
          (loop $ds_u
            (br_if $ds_u_done (i32.ge_u (local.get $u) (local.get $units)))
            (f32.store
              (i32.add (local.get $scratch) (i32.shl (i32.add (i32.mul (local.get $u) (local.get $batch)) (local.get $b)) (i32.const 2)))
              (f32.mul
                (f32.load align=1 (i32.add (local.get $d) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $units)) (local.get $u)) (i32.const 2))))
                (local.get $scale)))
            (local.set $u (i32.add (local.get $u) (i32.const 1)))
            (br $ds_u)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $ds_b)))
    ;; bias gradients
    (if (local.get $gb)
      (then
        (local.set $u (i32.const 0))
        (block $gb_done
          (loop $gb_u
            (br_if $gb_done (i32.ge_u (local.get $u) (local.get $units)))
            (local.set $s0 (i32.add (local.get $scratch) (i32.shl (i32.mul (local.get $u) (local.get $batch)) (i32.const 2))))
            (local.set $t0 (f32.const 0))
            (local.set $b (i32.const 0))
            (block $gb_b_done
              (loop $gb_b
                (br_if $gb_b_done (i32.ge_u (local.get $b) (local.get $batch)))
                (local.set $t0 (f32.add (local.get $t0) (f32.load (i32.add (local.get $s0) (i32.shl (local.get $b) (i32.const 2))))))
                (local.set $b (i32.add (local.get $b) (i32.const 1)))
                (br $gb_b)))
            (f32.store align=1 (i32.add (local.get $gb) (i32.shl (local.get $u) (i32.const 2))) (local.get $t0))
            (local.set $u (i32.add (local.get $u) (i32.const 1)))
            (br $gb_u)))))
    ;; weight gradients, four units at a time
    (local.set $u (i32.const 0))
    (block $quads_done
      (loop $per_quad
        (br_if $quads_done (i32.gt_u (i32.add (local.get $u) (i32.const 4)) (local.get $units)))
        (local.set $s0 (i32.add (local.get $scratch) (i32.shl (i32.mul (local.get $u) (local.get $batch)) (i32.const 2))))
        (local.set $s1 (i32.add (local.get $s0) (i32.shl (local.get $batch) (i32.const 2))))
        (local.set $s2 (i32.add (local.get $s1) (i32.shl (local.get $batch) (i32.const 2))))
        (local.set $s3 (i32.add (local.get $s2) (i32.shl (local.get $batch) (i32.const 2))))
        (local.set $g0 (i32.add (local.get $gw) (i32.mul (local.get $u) (local.get $row))))
        (local.set $g1 (i32.add (local.get $g0) (local.get $row)))
        (local.set $g2 (i32.add (local.get $g1) (local.get $row)))
        (local.set $g3 (i32.add (local.get $g2) (local.get $row)))
        (local.set $off (i32.const 0))
        ;; eight inputs (two vectors) per pass while they last: each delta splat serves both
        (block $vec2_done
          (loop $per_vec2
            (br_if $vec2_done (i32.gt_u (i32.add (local.get $off) (i32.const 32)) (local.get $end4)))
            (local.set $a0 (v128.const f32x4 0 0 0 0))
            (local.set $a1 (v128.const f32x4 0 0 0 0))
            (local.set $a2 (v128.const f32x4 0 0 0 0))
            (local.set $a3 (v128.const f32x4 0 0 0 0))
            (local.set $c0 (v128.const f32x4 0 0 0 0))
            (local.set $c1 (v128.const f32x4 0 0 0 0))
            (local.set $c2 (v128.const f32x4 0 0 0 0))
            (local.set $c3 (v128.const f32x4 0 0 0 0))
            (local.set $xb (i32.add (local.get $x) (local.get $off)))
            (local.set $k (i32.const 0))
            (block $b2_done
              (loop $per_b2
                (br_if $b2_done (i32.ge_u (local.get $k) (i32.shl (local.get $batch) (i32.const 2))))
                (local.set $xv (v128.load align=1 (local.get $xb)))
                (local.set $yv (v128.load offset=16 align=1 (local.get $xb)))
                (local.set $sv (v128.load32_splat (i32.add (local.get $s0) (local.get $k))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $sv) (local.get $xv))))
                (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $sv) (local.get $yv))))
                (local.set $sv (v128.load32_splat (i32.add (local.get $s1) (local.get $k))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $sv) (local.get $xv))))
                (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $sv) (local.get $yv))))
                (local.set $sv (v128.load32_splat (i32.add (local.get $s2) (local.get $k))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $sv) (local.get $xv))))
                (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $sv) (local.get $yv))))
                (local.set $sv (v128.load32_splat (i32.add (local.get $s3) (local.get $k))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $sv) (local.get $xv))))
                (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $sv) (local.get $yv))))
                (local.set $xb (i32.add (local.get $xb) (local.get $row)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $per_b2)))
            (v128.store align=1 (i32.add (local.get $g0) (local.get $off)) (local.get $a0))
            (v128.store align=1 (i32.add (local.get $g1) (local.get $off)) (local.get $a1))
            (v128.store align=1 (i32.add (local.get $g2) (local.get $off)) (local.get $a2))
            (v128.store align=1 (i32.add (local.get $g3) (local.get $off)) (local.get $a3))
            (v128.store offset=16 align=1 (i32.add (local.get $g0) (local.get $off)) (local.get $c0))
            (v128.store offset=16 align=1 (i32.add (local.get $g1) (local.get $off)) (local.get $c1))
            (v128.store offset=16 align=1 (i32.add (local.get $g2) (local.get $off)) (local.get $c2))
            (v128.store offset=16 align=1 (i32.add (local.get $g3) (local.get $off)) (local.get $c3))
            (local.set $off (i32.add (local.get $off) (i32.const 32)))
            (br $per_vec2)))
        ;; the last vector of four inputs, if any
        (block $vec_done
          (loop $per_vec
            (br_if $vec_done (i32.ge_u (local.get $off) (local.get $end4)))
            (local.set $a0 (v128.const f32x4 0 0 0 0))
            (local.set $a1 (v128.const f32x4 0 0 0 0))
            (local.set $a2 (v128.const f32x4 0 0 0 0))
            (local.set $a3 (v128.const f32x4 0 0 0 0))
            (local.set $xb (i32.add (local.get $x) (local.get $off)))
            (local.set $k (i32.const 0))
            (block $b_done
              (loop $per_b
                (br_if $b_done (i32.ge_u (local.get $k) (i32.shl (local.get $batch) (i32.const 2))))
                (local.set $xv (v128.load align=1 (local.get $xb)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (i32.add (local.get $s0) (local.get $k))) (local.get $xv))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load32_splat (i32.add (local.get $s1) (local.get $k))) (local.get $xv))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load32_splat (i32.add (local.get $s2) (local.get $k))) (local.get $xv))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load32_splat (i32.add (local.get $s3) (local.get $k))) (local.get $xv))))
                (local.set $xb (i32.add (local.get $xb) (local.get $row)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $per_b)))
            (v128.store align=1 (i32.add (local.get $g0) (local.get $off)) (local.get $a0))
            (v128.store align=1 (i32.add (local.get $g1) (local.get $off)) (local.get $a1))
            (v128.store align=1 (i32.add (local.get $g2) (local.get $off)) (local.get $a2))
            (v128.store align=1 (i32.add (local.get $g3) (local.get $off)) (local.get $a3))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $per_vec)))
        (block $tail_done
          (loop $per_tail
            (br_if $tail_done (i32.ge_u (local.get $off) (local.get $row)))
            (local.set $t0 (f32.const 0))
            (local.set $t1 (f32.const 0))
            (local.set $t2 (f32.const 0))
            (local.set $t3 (f32.const 0))
            (local.set $xb (i32.add (local.get $x) (local.get $off)))
            (local.set $k (i32.const 0))
            (block $tb_done
              (loop $per_tb
                (br_if $tb_done (i32.ge_u (local.get $k) (i32.shl (local.get $batch) (i32.const 2))))
                (local.set $xi (f32.load align=1 (local.get $xb)))
                (local.set $t0 (f32.add (local.get $t0) (f32.mul (f32.load (i32.add (local.get $s0) (local.get $k))) (local.get $xi))))
                (local.set $t1 (f32.add (local.get $t1) (f32.mul (f32.load (i32.add (local.get $s1) (local.get $k))) (local.get $xi))))
                (local.set $t2 (f32.add (local.get $t2) (f32.mul (f32.load (i32.add (local.get $s2) (local.get $k))) (local.get $xi))))
                (local.set $t3 (f32.add (local.get $t3) (f32.mul (f32.load (i32.add (local.get $s3) (local.get $k))) (local.get $xi))))
                (local.set $xb (i32.add (local.get $xb) (local.get $row)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $per_tb)))
            (f32.store align=1 (i32.add (local.get $g0) (local.get $off)) (local.get $t0))
            (f32.store align=1 (i32.add (local.get $g1) (local.get $off)) (local.get $t1))
            (f32.store align=1 (i32.add (local.get $g2) (local.get $off)) (local.get $t2))
            (f32.store align=1 (i32.add (local.get $g3) (local.get $off)) (local.get $t3))
            (local.set $off (i32.add (local.get $off) (i32.const 4)))
            (br $per_tail)))
        (local.set $u (i32.add (local.get $u) (i32.const 4)))
        (br $per_quad)))
    ;; the remaining units, one at a time
    (block $units_done
      (loop $per_unit
        (br_if $units_done (i32.ge_u (local.get $u) (local.get $units)))
        (local.set $s0 (i32.add (local.get $scratch) (i32.shl (i32.mul (local.get $u) (local.get $batch)) (i32.const 2))))
        (local.set $g0 (i32.add (local.get $gw) (i32.mul (local.get $u) (local.get $row))))
        (local.set $off (i32.const 0))
        (block $vec1_done
          (loop $per_vec1
            (br_if $vec1_done (i32.ge_u (local.get $off) (local.get $end4)))
            (local.set $a0 (v128.const f32x4 0 0 0 0))
            (local.set $xb (i32.add (local.get $x) (local.get $off)))
            (local.set $k (i32.const 0))
            (block $b1_done
              (loop $per_b1
                (br_if $b1_done (i32.ge_u (local.get $k) (i32.shl (local.get $batch) (i32.const 2))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (i32.add (local.get $s0) (local.get $k))) (v128.load align=1 (local.get $xb)))))
                (local.set $xb (i32.add (local.get $xb) (local.get $row)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $per_b1)))
            (v128.store align=1 (i32.add (local.get $g0) (local.get $off)) (local.get $a0))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $per_vec1)))
        (block $tail1_done
          (loop $per_tail1
            (br_if $tail1_done (i32.ge_u (local.get $off) (local.get $row)))
            (local.set $t0 (f32.const 0))
            (local.set $xb (i32.add (local.get $x) (local.get $off)))
            (local.set $k (i32.const 0))
            (block $tb1_done
              (loop $per_tb1
                (br_if $tb1_done (i32.ge_u (local.get $k) (i32.shl (local.get $batch) (i32.const 2))))
                (local.set $t0 (f32.add (local.get $t0) (f32.mul (f32.load (i32.add (local.get $s0) (local.get $k))) (f32.load align=1 (local.get $xb)))))
                (local.set $xb (i32.add (local.get $xb) (local.get $row)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $per_tb1)))
            (f32.store align=1 (i32.add (local.get $g0) (local.get $off)) (local.get $t0))
            (local.set $off (i32.add (local.get $off) (i32.const 4)))
            (br $per_tail1)))
        (local.set $u (i32.add (local.get $u) (i32.const 1)))
        (br $per_unit))))

  ;; Input gradients (overwrite dx):
  ;;   dx[b*n + i] = sum over u = 0 .. units-1 (ascending, from 0) of delta[b*units+u] * w[u*n+i]
  ;; Four samples per pass share every weight load; lanes are four inputs i.
  (func $dense_input_grad (export "dense_input_grad")
    (param $w i32) (param $d i32) (param $n i32) (param $batch i32) (param $units i32) (param $dx i32)
    (local $row i32) (local $end4 i32) (local $b i32) (local $off i32) (local $k i32) (local $wk i32) (local $urow i32)
    (local $d0 i32) (local $d1 i32) (local $d2 i32) (local $d3 i32)
    (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $wv v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $wi f32) (local $t0 f32) (local $t1 f32) (local $t2 f32) (local $t3 f32)
    (local.set $row (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $row) (i32.const -16)))
    (local.set $urow (i32.shl (local.get $units) (i32.const 2)))
    (local.set $b (i32.const 0))
    (block $quads_done
      (loop $per_quad
        (br_if $quads_done (i32.gt_u (i32.add (local.get $b) (i32.const 4)) (local.get $batch)))
        (local.set $d0 (i32.add (local.get $d) (i32.mul (local.get $b) (local.get $urow))))
        (local.set $d1 (i32.add (local.get $d0) (local.get $urow)))
        (local.set $d2 (i32.add (local.get $d1) (local.get $urow)))
        (local.set $d3 (i32.add (local.get $d2) (local.get $urow)))
        (local.set $x0 (i32.add (local.get $dx) (i32.mul (local.get $b) (local.get $row))))
        (local.set $x1 (i32.add (local.get $x0) (local.get $row)))
        (local.set $x2 (i32.add (local.get $x1) (local.get $row)))
        (local.set $x3 (i32.add (local.get $x2) (local.get $row)))
        (local.set $off (i32.const 0))
        (block $vec_done
          (loop $per_vec
            (br_if $vec_done (i32.ge_u (local.get $off) (local.get $end4)))
            (local.set $a0 (v128.const f32x4 0 0 0 0))
            (local.set $a1 (v128.const f32x4 0 0 0 0))
            (local.set $a2 (v128.const f32x4 0 0 0 0))
            (local.set $a3 (v128.const f32x4 0 0 0 0))
            (local.set $wk (i32.add (local.get $w) (local.get $off)))
            (local.set $k (i32.const 0))
            (block $u_done
              (loop $per_u
                (br_if $u_done (i32.ge_u (local.get $k) (local.get $urow)))
                (local.set $wv (v128.load align=1 (local.get $wk)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat align=1 (i32.add (local.get $d0) (local.get $k))) (local.get $wv))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load32_splat align=1 (i32.add (local.get $d1) (local.get $k))) (local.get $wv))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load32_splat align=1 (i32.add (local.get $d2) (local.get $k))) (local.get $wv))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load32_splat align=1 (i32.add (local.get $d3) (local.get $k))) (local.get $wv))))
                (local.set $wk (i32.add (local.get $wk) (local.get $row)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $per_u)))
            (v128.store align=1 (i32.add (local.get $x0) (local.get $off)) (local.get $a0))
            (v128.store align=1 (i32.add (local.get $x1) (local.get $off)) (local.get $a1))
            (v128.store align=1 (i32.add (local.get $x2) (local.get $off)) (local.get $a2))
            (v128.store align=1 (i32.add (local.get $x3) (local.get $off)) (local.get $a3))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $per_vec)))
        (block $tail_done
          (loop $per_tail
            (br_if $tail_done (i32.ge_u (local.get $off) (local.get $row)))
            (local.set $t0 (f32.const 0))
            (local.set $t1 (f32.const 0))
            (local.set $t2 (f32.const 0))
            (local.set $t3 (f32.const 0))
            (local.set $wk (i32.add (local.get $w) (local.get $off)))
            (local.set $k (i32.const 0))
            (block $tu_done
              (loop $per_tu
                (br_if $tu_done (i32.ge_u (local.get $k) (local.get $urow)))
                (local.set $wi (f32.load align=1 (local.get $wk)))
                (local.set $t0 (f32.add (local.get $t0) (f32.mul (f32.load align=1 (i32.add (local.get $d0) (local.get $k))) (local.get $wi))))
                (local.set $t1 (f32.add (local.get $t1) (f32.mul (f32.load align=1 (i32.add (local.get $d1) (local.get $k))) (local.get $wi))))
                (local.set $t2 (f32.add (local.get $t2) (f32.mul (f32.load align=1 (i32.add (local.get $d2) (local.get $k))) (local.get $wi))))
                (local.set $t3 (f32.add (local.get $t3) (f32.mul (f32.load align=1 (i32.add (local.get $d3) (local.get $k))) (local.get $wi))))
                (local.set $wk (i32.add (local.get $wk) (local.get $row)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $per_tu)))
            (f32.store align=1 (i32.add (local.get $x0) (local.get $off)) (local.get $t0))
            (f32.store align=1 (i32.add (local.get $x1) (local.get $off)) (local.get $t1))
            (f32.store align=1 (i32.add (local.get $x2) (local.get $off)) (local.get $t2))
            (f32.store align=1 (i32.add (local.get $x3) (local.get $off)) (local.get $t3))
            (local.set $off (i32.add (local.get $off) (i32.const 4)))
            (br $per_tail)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $per_quad)))
    ;; the remaining samples, one at a time
    (block $samples_done
      (loop $per_sample
        (br_if $samples_done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $d0 (i32.add (local.get $d) (i32.mul (local.get $b) (local.get $urow))))
        (local.set $x0 (i32.add (local.get $dx) (i32.mul (local.get $b) (local.get $row))))
        (local.set $off (i32.const 0))
        (block $vec1_done
          (loop $per_vec1
            (br_if $vec1_done (i32.ge_u (local.get $off) (local.get $end4)))
            (local.set $a0 (v128.const f32x4 0 0 0 0))
            (local.set $wk (i32.add (local.get $w) (local.get $off)))
            (local.set $k (i32.const 0))
            (block $u1_done
              (loop $per_u1
                (br_if $u1_done (i32.ge_u (local.get $k) (local.get $urow)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat align=1 (i32.add (local.get $d0) (local.get $k))) (v128.load align=1 (local.get $wk)))))
                (local.set $wk (i32.add (local.get $wk) (local.get $row)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $per_u1)))
            (v128.store align=1 (i32.add (local.get $x0) (local.get $off)) (local.get $a0))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $per_vec1)))
        (block $tail1_done
          (loop $per_tail1
            (br_if $tail1_done (i32.ge_u (local.get $off) (local.get $row)))
            (local.set $t0 (f32.const 0))
            (local.set $wk (i32.add (local.get $w) (local.get $off)))
            (local.set $k (i32.const 0))
            (block $tu1_done
              (loop $per_tu1
                (br_if $tu1_done (i32.ge_u (local.get $k) (local.get $urow)))
                (local.set $t0 (f32.add (local.get $t0) (f32.mul (f32.load align=1 (i32.add (local.get $d0) (local.get $k))) (f32.load align=1 (local.get $wk)))))
                (local.set $wk (i32.add (local.get $wk) (local.get $row)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $per_tu1)))
            (f32.store align=1 (i32.add (local.get $x0) (local.get $off)) (local.get $t0))
            (local.set $off (i32.add (local.get $off) (i32.const 4)))
            (br $per_tail1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $per_sample))))

  ;; Plain SGD: w[i] = w[i] - lr * g[i] for i in [0, len).
  (func $sgd_update (export "sgd_update") (param $w i32) (param $g i32) (param $len i32) (param $lr f32)
    (local $off i32) (local $end i32) (local $end4 i32) (local $lrv v128)
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (local.set $lrv (f32x4.splat (local.get $lr)))
    (local.set $off (i32.const 0))
    (block $vec_done
      (loop $per_vec
        (br_if $vec_done (i32.ge_u (local.get $off) (local.get $end4)))
        (v128.store align=1 (i32.add (local.get $w) (local.get $off))
          (f32x4.sub (v128.load align=1 (i32.add (local.get $w) (local.get $off)))
            (f32x4.mul (local.get $lrv) (v128.load align=1 (i32.add (local.get $g) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $per_vec)))
    (block $tail_done
      (loop $per_tail
        (br_if $tail_done (i32.ge_u (local.get $off) (local.get $end)))
        (f32.store align=1 (i32.add (local.get $w) (local.get $off))
          (f32.sub (f32.load align=1 (i32.add (local.get $w) (local.get $off)))
            (f32.mul (local.get $lr) (f32.load align=1 (i32.add (local.get $g) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 4)))
        (br $per_tail))))

  ;; ReLU backward: g[i] = a[i] > 0 ? g[i] : 0 for i in [0, len) (a = the layer's ReLU outputs).
  (func $relu_backward (export "relu_backward") (param $a i32) (param $g i32) (param $len i32)
    (local $off i32) (local $end i32) (local $end4 i32)
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (local.set $off (i32.const 0))
    (block $vec_done
      (loop $per_vec
        (br_if $vec_done (i32.ge_u (local.get $off) (local.get $end4)))
        (v128.store align=1 (i32.add (local.get $g) (local.get $off))
          (v128.and (v128.load align=1 (i32.add (local.get $g) (local.get $off)))
            (f32x4.gt (v128.load align=1 (i32.add (local.get $a) (local.get $off))) (v128.const f32x4 0 0 0 0))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $per_vec)))
    (block $tail_done
      (loop $per_tail
        (br_if $tail_done (i32.ge_u (local.get $off) (local.get $end)))
        (if (i32.eqz (f32.gt (f32.load align=1 (i32.add (local.get $a) (local.get $off))) (f32.const 0)))
          (then (f32.store align=1 (i32.add (local.get $g) (local.get $off)) (f32.const 0))))
        (local.set $off (i32.add (local.get $off) (i32.const 4)))
        (br $per_tail))))

  ;; A whole network in one call. `table` holds one 48-byte record per layer (i32 each):
  ;;   +0 w   +4 bias (0: none)   +8 input   +12 n (inputs)   +16 units   +20 z (the layer's output)
  ;;   +24 unused   +28 delta   +32 gw   +36 gb (0: none)   +40 relu (1: ReLU, 0: linear)   +44 unused
  ;; and layer l's input is layer l-1's z. A softmax (or other) last layer is linear here; the
  ;; caller applies its activation.
  (func (export "mlp_forward") (param $table i32) (param $layers i32) (param $batch i32)
    (local $e i32) (local $end i32)
    (local.set $e (local.get $table))
    (local.set $end (i32.add (local.get $table) (i32.mul (local.get $layers) (i32.const 48))))
    (block $done
      (loop $per_layer
        (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
        (call $dense_forward (i32.load (local.get $e)) (i32.load offset=4 (local.get $e)) (i32.load offset=8 (local.get $e))
          (i32.load offset=12 (local.get $e)) (local.get $batch) (i32.load offset=16 (local.get $e)) (i32.load offset=20 (local.get $e))
          (i32.load offset=40 (local.get $e)))
        (local.set $e (i32.add (local.get $e) (i32.const 48)))
        (br $per_layer))))

  ;; The backward pass of a whole network (the deltas of the last layer already in place), last
  ;; layer first: its weight/bias gradients (dense_weight_grad with `scale`), then the deltas of the
  ;; layer below (dense_input_grad, then relu_backward when that layer is ReLU), then, when `sgd`
  ;; is 1, this layer's plain SGD update with `lr` (after its weights served the input gradients).
  (func (export "mlp_backward") (param $table i32) (param $layers i32) (param $batch i32) (param $scale f32) (param $lr f32) (param $sgd i32) (param $scratch i32)
    (local $e i32) (local $p i32) (local $n i32) (local $units i32) (local $l i32)
    (local.set $l (i32.sub (local.get $layers) (i32.const 1)))
    (block $done
      (loop $per_layer
        (br_if $done (i32.lt_s (local.get $l) (i32.const 0)))
        (local.set $e (i32.add (local.get $table) (i32.mul (local.get $l) (i32.const 48))))
        (local.set $n (i32.load offset=12 (local.get $e)))
        (local.set $units (i32.load offset=16 (local.get $e)))
        (call $dense_weight_grad (i32.load offset=28 (local.get $e)) (i32.load offset=8 (local.get $e)) (local.get $n) (local.get $batch)
          (local.get $units) (local.get $scale) (i32.load offset=32 (local.get $e)) (i32.load offset=36 (local.get $e)) (local.get $scratch))
        (if (i32.gt_s (local.get $l) (i32.const 0))
          (then
            (local.set $p (i32.sub (local.get $e) (i32.const 48)))
            (call $dense_input_grad (i32.load (local.get $e)) (i32.load offset=28 (local.get $e)) (local.get $n) (local.get $batch)
              (local.get $units) (i32.load offset=28 (local.get $p)))
            (if (i32.load offset=40 (local.get $p))
              (then (call $relu_backward (i32.load offset=20 (local.get $p)) (i32.load offset=28 (local.get $p)) (i32.mul (local.get $batch) (local.get $n)))))))
        (if (local.get $sgd)
          (then
            (call $sgd_update (i32.load (local.get $e)) (i32.load offset=32 (local.get $e)) (i32.mul (local.get $n) (local.get $units)) (local.get $lr))
            (if (i32.load offset=36 (local.get $e))
              (then (call $sgd_update (i32.load offset=4 (local.get $e)) (i32.load offset=36 (local.get $e)) (local.get $units) (local.get $lr))))))
        (local.set $l (i32.sub (local.get $l) (i32.const 1)))
        (br $per_layer))))
)
