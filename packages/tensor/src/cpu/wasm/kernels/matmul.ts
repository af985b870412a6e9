import type { Local } from '../emitter/function';
import { call, type FunctionRef, type ModuleBuilder } from '../emitter/module';
import { f32, i32 } from '../emitter/scalar';
import { f32x4, v128 } from '../emitter/simd';

/**
 * Single-precision GEMM in the BLIS layout: B is packed into KC × NR column panels, A into
 * MR × KC row panels, and a register-blocked MR × NR micro-kernel accumulates in v128
 * registers. Packing reads any strides, so the four transpose cases differ only there.
 *
 * Every output element is accumulated in k order, `c = f32(c + f32(a * b))`, and carried
 * through C between K blocks, which is what cpu/matmul.ts computes too: results are
 * bit-identical to the TypeScript kernel, whatever the thread split.
 *
 * 5 × 8 is the largest tile whose 10 accumulators, 2 B vectors, the broadcast A value and
 * a product fit V8's 14 allocatable xmm registers; unrolling the k loop makes TurboFan hoist
 * the loads and spill, so the loop is kept plain.
 */
export const MR = 5;
export const NR = 8;
export const KC = 256;
export const MC = 120;
export const NC = 2048;

/** Bytes of scratch one thread's call of `matmul` needs: packed A, packed B, an edge tile. */
export const MATMUL_WORKSPACE_BYTES = (MC * KC + KC * NC + MR * NR) * 4;

export function emitMatmul(m: ModuleBuilder): void {
  const kernel = emitMicroKernel(m);
  const packA = emitPackA(m);
  const packB = emitPackB(m);
  const copyTile = emitCopyTile(m);
  const zero = emitZeroMatrix(m);

  /**
   * matmul(a, sam, sak, b, sbk, sbn, c, scm, scn, M, N, K, work): C = A·B for M×K A and
   * K×N B; pointers and strides in bytes; `work` is MATMUL_WORKSPACE_BYTES of scratch.
   */
  m.func(
    'matmul',
    ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    [],
    (f, params) => {
      const [a, sam, sak, b, sbk, sbn, c, scm, scn, M, N, K, work] = params as Local<'i32'>[];
      const aPack = work;
      const bPack = f.local('i32', i32.add(work, MC * KC * 4));
      const tile = f.local('i32', i32.add(bPack, KC * NC * 4));
      const [jc, pc, ic, jr, ir] = [0, 1, 2, 3, 4].map(() => f.local('i32'));
      const [nc, kc, mc, nr, mr, first, cTile] = [0, 1, 2, 3, 4, 5, 6].map(() => f.local('i32'));
      f.if(i32.eqz(K), () => {
        f.run(call(zero, [c, scm, scn, M, N]));
        f.return();
      });
      // Equal blocks rather than full ones and a sliver (K = 784: 4 × 196, not 3 × 256 + 16).
      const kStep = f.local('i32', evenStep(K, KC, 1));
      const mStep = f.local('i32', evenStep(M, MC, MR));
      f.forRange(jc, 0, N, NC, () => {
        f.set(nc, min(i32.sub(N, jc), NC));
        f.forRange(pc, 0, K, kStep, () => {
          f.set(kc, i32.sub(K, pc));
          f.if(i32.gtS(kc, kStep), () => f.set(kc, kStep));
          f.set(first, i32.eqz(pc));
          f.run(call(packB, [at(b, pc, sbk, jc, sbn), sbk, sbn, kc, nc, bPack]));
          f.forRange(ic, 0, M, mStep, () => {
            f.set(mc, i32.sub(M, ic));
            f.if(i32.gtS(mc, mStep), () => f.set(mc, mStep));
            f.run(call(packA, [at(a, ic, sam, pc, sak), sam, sak, mc, kc, aPack]));
            f.forRange(jr, 0, nc, NR, () => {
              f.set(nr, min(i32.sub(nc, jr), NR));
              f.forRange(ir, 0, mc, MR, () => {
                f.set(mr, min(i32.sub(mc, ir), MR));
                f.set(cTile, at(c, i32.add(ic, ir), scm, i32.add(jc, jr), scn));
                const aPanel = i32.add(aPack, i32.shl(i32.mul(ir, kc), 2));
                const bPanel = i32.add(bPack, i32.shl(i32.mul(jr, kc), 2));
                const full = i32.and(i32.and(i32.eq(mr, MR), i32.eq(nr, NR)), i32.eq(scn, 4));
                f.if(
                  full,
                  () => f.run(call(kernel, [kc, aPanel, bPanel, cTile, scm, first])),
                  () => {
                    // Edge tile: run the full kernel on a scratch tile, copy the valid part.
                    f.if(i32.eqz(first), () =>
                      f.run(call(copyTile, [cTile, scm, scn, tile, NR * 4, 4, mr, nr])),
                    );
                    f.run(call(kernel, [kc, aPanel, bPanel, tile, NR * 4, first]));
                    f.run(call(copyTile, [tile, NR * 4, 4, cTile, scm, scn, mr, nr]));
                  },
                );
              });
            });
          });
        });
      });
    },
  );
}

/** ceil(total / blocks) rounded up to a multiple of `multiple`, blocks = ceil(total / most). */
function evenStep(total: Local<'i32'>, most: number, multiple: number) {
  const blocks = i32.divU(i32.add(total, most - 1), most);
  const size = i32.divU(i32.add(total, i32.sub(blocks, 1)), blocks);
  const rounded = i32.mul(i32.divU(i32.add(size, multiple - 1), multiple), multiple);
  // at least one, so an empty dimension still steps
  return i32.add(rounded, i32.eqz(rounded));
}

const min = (x: Parameters<typeof i32.add>[0], y: number) =>
  i32.sub(x, i32.mul(i32.gtS(x, y), i32.sub(x, y)));

/** base + row·rowStride + col·colStride (strides in bytes). */
const at = (
  base: Local<'i32'>,
  row: Parameters<typeof i32.mul>[0],
  rowStride: Local<'i32'>,
  col: Parameters<typeof i32.mul>[0],
  colStride: Local<'i32'>,
) => i32.add(base, i32.add(i32.mul(row, rowStride), i32.mul(col, colStride)));

/** kernel(kc, aPanel, bPanel, c, ldc, first): the MR × NR tile at c (+)= Apanel · Bpanel. */
function emitMicroKernel(m: ModuleBuilder): FunctionRef {
  const vectors = NR / 4;
  return m.func(null, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f, params) => {
    const [kc, ap, bp, c, ldc, first] = params as Local<'i32'>[];
    const acc = Array.from({ length: MR }, () =>
      Array.from({ length: vectors }, () => f.local('v128')),
    );
    const rowAt = (r: number) => (r === 0 ? c : i32.add(c, i32.mul(ldc, r)));
    f.if(i32.eqz(first), () => {
      for (let r = 0; r < MR; r++) {
        for (let v = 0; v < vectors; v++) f.set(acc[r][v], v128.load(rowAt(r), 16 * v));
      }
    });
    const k = f.local('i32');
    const b = Array.from({ length: vectors }, () => f.local('v128'));
    const a = f.local('v128');
    f.forRange(k, 0, kc, 1, () => {
      for (let v = 0; v < vectors; v++) f.set(b[v], v128.load(bp, 16 * v));
      for (let r = 0; r < MR; r++) {
        f.set(a, v128.load32Splat(ap, 4 * r));
        for (let v = 0; v < vectors; v++) {
          f.set(acc[r][v], f32x4.add(acc[r][v], f32x4.mul(a, b[v])));
        }
      }
      f.set(ap, i32.add(ap, MR * 4));
      f.set(bp, i32.add(bp, NR * 4));
    });
    for (let r = 0; r < MR; r++) {
      for (let v = 0; v < vectors; v++) f.run(v128.store(rowAt(r), acc[r][v], 16 * v));
    }
  });
}

/**
 * packA(src, rowStride, colStride, rows, depth, dst): rows × depth of A into panels of MR
 * rows, k-major inside a panel (dst[panel][k][r]); rows past `rows` are zeros.
 */
function emitPackA(m: ModuleBuilder): FunctionRef {
  return m.func(null, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f, params) => {
    const [src, rs, cs, rows, depth, dst] = params as Local<'i32'>[];
    const [p, k, valid, out] = [0, 1, 2, 3].map(() => f.local('i32'));
    const rowPtr = Array.from({ length: MR }, () => f.local('i32'));
    f.set(out, dst);
    f.forRange(p, 0, rows, MR, () => {
      f.set(valid, i32.sub(rows, p));
      for (let r = 0; r < MR; r++) f.set(rowPtr[r], i32.add(src, i32.mul(i32.add(p, r), rs)));
      f.if(
        i32.geS(valid, MR),
        () => {
          f.forRange(k, 0, depth, 1, () => {
            for (let r = 0; r < MR; r++) {
              f.run(f32.store(out, f32.load(rowPtr[r]), 4 * r));
              f.set(rowPtr[r], i32.add(rowPtr[r], cs));
            }
            f.set(out, i32.add(out, MR * 4));
          });
        },
        () => {
          f.forRange(k, 0, depth, 1, () => {
            for (let r = 0; r < MR; r++) {
              f.if(
                i32.ltS(r, valid),
                () => f.run(f32.store(out, f32.load(rowPtr[r]), 4 * r)),
                () => f.run(f32.store(out, 0, 4 * r)),
              );
              f.set(rowPtr[r], i32.add(rowPtr[r], cs));
            }
            f.set(out, i32.add(out, MR * 4));
          });
        },
      );
    });
  });
}

/**
 * packB(src, rowStride, colStride, depth, cols, dst): depth × cols of B into panels of NR
 * columns (dst[panel][k][c]); columns past `cols` are zeros.
 */
function emitPackB(m: ModuleBuilder): FunctionRef {
  return m.func(null, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f, params) => {
    const [src, rs, cs, depth, cols, dst] = params as Local<'i32'>[];
    const [q, k, valid, out, row] = [0, 1, 2, 3, 4].map(() => f.local('i32'));
    f.set(out, dst);
    f.forRange(q, 0, cols, NR, () => {
      f.set(valid, i32.sub(cols, q));
      f.set(row, i32.add(src, i32.mul(q, cs)));
      f.if(
        i32.and(i32.geS(valid, NR), i32.eq(cs, 4)),
        () => {
          f.forRange(k, 0, depth, 1, () => {
            for (let v = 0; v < NR / 4; v++) f.run(v128.store(out, v128.load(row, 16 * v), 16 * v));
            f.set(row, i32.add(row, rs));
            f.set(out, i32.add(out, NR * 4));
          });
        },
        () => {
          f.forRange(k, 0, depth, 1, () => {
            for (let c = 0; c < NR; c++) {
              f.if(
                i32.ltS(c, valid),
                () => f.run(f32.store(out, f32.load(i32.add(row, i32.mul(cs, c))), 4 * c)),
                () => f.run(f32.store(out, 0, 4 * c)),
              );
            }
            f.set(row, i32.add(row, rs));
            f.set(out, i32.add(out, NR * 4));
          });
        },
      );
    });
  });
}

/** copyTile(src, srm, srn, dst, sdm, sdn, rows, cols): a strided rows × cols f32 copy. */
function emitCopyTile(m: ModuleBuilder): FunctionRef {
  return m.func(null, Array(8).fill('i32'), [], (f, params) => {
    const [src, srm, srn, dst, sdm, sdn, rows, cols] = params as Local<'i32'>[];
    const [r, c] = [f.local('i32'), f.local('i32')];
    f.forRange(r, 0, rows, 1, () => {
      f.forRange(c, 0, cols, 1, () => {
        const from = i32.add(src, i32.add(i32.mul(r, srm), i32.mul(c, srn)));
        const to = i32.add(dst, i32.add(i32.mul(r, sdm), i32.mul(c, sdn)));
        f.run(f32.store(to, f32.load(from)));
      });
    });
  });
}

/** zero(c, scm, scn, rows, cols): the product with K = 0. */
function emitZeroMatrix(m: ModuleBuilder): FunctionRef {
  return m.func(null, ['i32', 'i32', 'i32', 'i32', 'i32'], [], (f, params) => {
    const [c, scm, scn, rows, cols] = params as Local<'i32'>[];
    const [r, j] = [f.local('i32'), f.local('i32')];
    f.forRange(r, 0, rows, 1, () => {
      f.forRange(j, 0, cols, 1, () => {
        f.run(f32.store(i32.add(c, i32.add(i32.mul(r, scm), i32.mul(j, scn))), 0));
      });
    });
  });
}
