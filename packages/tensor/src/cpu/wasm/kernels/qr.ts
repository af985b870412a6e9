import type { Expr } from '../emitter/expr';
import type { FunctionBuilder, Local } from '../emitter/function';
import { call, type FunctionRef, type ModuleBuilder } from '../emitter/module';
import { f64, i32 } from '../emitter/scalar';
import { f64x2, v128 } from '../emitter/simd';

/**
 * Householder QR in float64 on a column-major m × n matrix (LAPACK's geqrf then orgqr, as
 * torch.linalg.qr's reduced mode), bit-identical to cpu/qr.ts, which sums in the same order:
 * a dot product keeps four partial sums (element i in sum i mod 4, pairs of them in two
 * float64x2 accumulators), adds them as (s0 + s2) + (s1 + s3), then the elements past the
 * last multiple of 4 in order.
 *
 *   qr_factor(a, m, n, diag, tau): reflects columns in place; R's strict upper triangle is
 *   left in a, its diagonal in diag; reflector k is a[k.., k] with scale tau[k] (0: none).
 *   qr_q(a, m, k, tau, q): q (m × k, column-major) = H0·H1·…·H(k-1) applied to I[:, :k].
 *
 * Reflectors are applied a panel of PANEL at a time, and to GROUP columns at once: each group
 * takes all of the panel's reflectors while it is in cache, reading each reflector once for
 * the whole group. Every column still takes its reflectors in the same order with the same
 * sums, so the bits are those of the one-column, one-reflector loop.
 */
const PANEL = 32;
const GROUP = 4;

export function emitQr(m: ModuleBuilder): void {
  const dot = m.func(null, ['i32', 'i32', 'i32'], ['f64'], (f, params) => {
    const [x, y, length] = params as Local<'i32'>[];
    f.return(emitDot(f, x, [y], length)[0]);
  });
  const [applyOne, applyGroup] = [1, GROUP].map((width) => emitApply(m, width));
  /** Columns [from, to) take reflectors first..last: in groups, then one by one. */
  const applyColumns: ApplyColumns = (f, args, from, to, first, last) => {
    const j = f.local('i32');
    const column = (index: Local<'i32'>) => i32.add(args.base, i32.mul(index, args.stride));
    const { a, rows, tau, stride } = args;
    f.forRange(j, from, i32.sub(to, GROUP - 1), GROUP, () =>
      f.run(call(applyGroup, [a, rows, tau, column(j), stride, first, last])),
    );
    f.forRange(j, j, to, 1, () =>
      f.run(call(applyOne, [a, rows, tau, column(j), stride, first, last])),
    );
  };
  emitFactor(m, dot, applyColumns);

  m.func('qr_q', ['i32', 'i32', 'i32', 'i32', 'i32'], [], (f, params) => {
    const [a, rows, k, tau, q] = params as Local<'i32'>[];
    const [j, p0, p1] = [f.local('i32'), f.local('i32'), f.local('i32')];
    const stride = f.local('i32', i32.shl(rows, 3));
    const args = { a, rows, tau, base: q, stride };
    f.forRange(j, 0, k, 1, () =>
      f.run(f64.store(i32.add(q, i32.add(i32.mul(j, stride), i32.shl(j, 3))), 1)),
    );
    // Panels from the last; column j takes the panel's reflectors min(p1 - 1, j) down to p0.
    f.set(p1, k);
    f.while(
      () => i32.gtS(p1, 0),
      () => {
        f.set(p0, i32.mul(i32.divS(i32.sub(p1, 1), PANEL), PANEL));
        f.forRange(j, p0, i32.sub(p1, 1), 1, () =>
          f.run(call(applyOne, [a, rows, tau, i32.add(q, i32.mul(j, stride)), stride, j, p0])),
        );
        applyColumns(f, args, i32.sub(p1, 1), k, i32.sub(p1, 1), p0);
        f.set(p1, p0);
      },
    );
  });
}

/**
 * x·y for each y in `ys` (same length), in the reference order; x is read once for all.
 * Returns the sums as locals.
 */
function emitDot(
  f: FunctionBuilder,
  x: Expr<'i32'>,
  ys: readonly Expr<'i32'>[],
  length: Local<'i32'>,
): Local<'f64'>[] {
  const acc = ys.map(() => [f.local('v128', f64x2.splat(0)), f.local('v128', f64x2.splat(0))]);
  const [i, end] = [f.local('i32'), f.local('i32', i32.and(length, -4))];
  const xi = f.local('v128');
  const offset = () => i32.shl(i, 3);
  f.forRange(i, 0, end, 4, () => {
    for (const half of [0, 1]) {
      f.set(xi, v128.load(i32.add(x, offset()), 16 * half));
      ys.forEach((y, c) => {
        const product = f64x2.mul(xi, v128.load(i32.add(y, offset()), 16 * half));
        f.set(acc[c][half], f64x2.add(acc[c][half], product));
      });
    }
  });
  return ys.map((y, c) => {
    const both = f.local('v128', f64x2.add(acc[c][0], acc[c][1]));
    const sum = f.local('f64', f64.add(f64x2.extractLane(both, 0), f64x2.extractLane(both, 1)));
    f.forRange(i, end, length, 1, () => {
      f.set(
        sum,
        f64.add(sum, f64.mul(f64.load(i32.add(x, offset())), f64.load(i32.add(y, offset())))),
      );
    });
    return sum;
  });
}

/**
 * apply(a, rows, tau, column, stride, first, last): reflectors first, first ± 1, ..., last
 * (stepping towards last; tau = 0 skipped) applied to `width` adjacent columns (stride
 * bytes apart) of a column-major matrix whose rows start at `column`.
 */
function emitApply(m: ModuleBuilder, width: number): FunctionRef {
  return m.func(null, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f, params) => {
    const [a, rows, tau, column, stride, first, last] = params as Local<'i32'>[];
    const [step, direction, length, v, i, end] = [0, 1, 2, 3, 4, 5].map(() => f.local('i32'));
    const scale = f.local('f64');
    const targets = Array.from({ length: width }, () => f.local('i32'));
    const factors = Array.from({ length: width }, () => f.local('v128'));
    const vi = f.local('v128');
    f.set(direction, i32.sub(i32.shl(i32.leS(first, last), 1), 1));
    f.set(step, first);
    f.loop((next) => {
      f.set(scale, f64.load(i32.add(tau, i32.shl(step, 3))));
      f.if(f64.ne(scale, 0), () => {
        f.set(length, i32.sub(rows, step));
        f.set(v, i32.add(a, i32.shl(i32.add(i32.mul(step, rows), step), 3)));
        targets.forEach((t, c) => {
          f.set(t, i32.add(i32.add(column, i32.mul(stride, c)), i32.shl(step, 3)));
        });
        const sums = emitDot(f, v, targets, length);
        sums.forEach((sum, c) => {
          f.set(factors[c], f64x2.splat(f64.mul(scale, sum)));
        });
        // column -= factor · v, two rows at a time, then the odd row
        f.set(end, i32.and(length, -2));
        f.forRange(i, 0, end, 2, () => {
          f.set(vi, v128.load(i32.add(v, i32.shl(i, 3))));
          targets.forEach((t, c) => {
            const at = i32.add(t, i32.shl(i, 3));
            f.run(v128.store(at, f64x2.sub(v128.load(at), f64x2.mul(factors[c], vi))));
          });
        });
        f.if(i32.ne(end, length), () => {
          const last64 = f64.load(i32.add(v, i32.shl(end, 3)));
          targets.forEach((t, c) => {
            const at = i32.add(t, i32.shl(end, 3));
            const factor = f64x2.extractLane(factors[c], 0);
            f.run(f64.store(at, f64.sub(f64.load(at), f64.mul(factor, last64))));
          });
        });
      });
      f.if(i32.ne(step, last), () => {
        f.set(step, i32.add(step, direction));
        f.br(next);
      });
    });
  });
}

type ApplyColumns = (
  f: FunctionBuilder,
  args: {
    a: Local<'i32'>;
    rows: Local<'i32'>;
    tau: Local<'i32'>;
    base: Local<'i32'>;
    stride: Local<'i32'>;
  },
  from: Expr<'i32'>,
  to: Local<'i32'>,
  first: Expr<'i32'>,
  last: Expr<'i32'>,
) => void;

function emitFactor(m: ModuleBuilder, dot: FunctionRef, applyColumns: ApplyColumns): void {
  m.func('qr_factor', ['i32', 'i32', 'i32', 'i32', 'i32'], [], (f, params) => {
    const [a, rows, cols, diag, tau] = params as Local<'i32'>[];
    const [k, steps, p0, p1, pivot, length] = [0, 1, 2, 3, 4, 5].map(() => f.local('i32'));
    const [x0, norm, beta, below, scale] = [0, 1, 2, 3, 4].map(() => f.local('f64'));
    const stride = f.local('i32', i32.shl(rows, 3));
    const args = { a, rows, tau, base: a, stride };
    f.set(steps, i32.sub(cols, i32.mul(i32.gtS(cols, rows), i32.sub(cols, rows))));
    f.forRange(p0, 0, steps, PANEL, () => {
      f.set(p1, i32.add(p0, PANEL));
      f.if(i32.gtS(p1, steps), () => f.set(p1, steps));
      f.forRange(k, p0, p1, 1, () => {
        // column k has taken reflectors 0..k-1: make reflector k from it
        f.set(pivot, i32.add(a, i32.add(i32.mul(k, stride), i32.shl(k, 3))));
        f.set(length, i32.sub(rows, k));
        f.set(x0, f64.load(pivot));
        // ‖x[1..]‖²; no reflection when it is 0 (dlarfg's tau = 0), as LAPACK
        const tail = i32.add(pivot, 8);
        f.set(below, call(dot, [tail, tail, i32.sub(length, 1)]) as Expr<'f64'>);
        f.if(
          f64.eq(below, 0),
          () => {
            f.run(f64.store(i32.add(diag, i32.shl(k, 3)), x0));
            f.run(f64.store(i32.add(tau, i32.shl(k, 3)), 0));
          },
          () => {
            f.set(norm, f64.sqrt(f64.add(f64.mul(x0, x0), below)));
            f.set(beta, f64.neg(f64.copysign(norm, x0)));
            // v = x - beta·e0 in place; H = I - (2 / vᵀv)·v·vᵀ
            f.run(f64.store(pivot, f64.sub(x0, beta)));
            const first = f64.load(pivot);
            f.set(scale, f64.div(2, f64.add(f64.mul(first, first), below)));
            f.run(f64.store(i32.add(diag, i32.shl(k, 3)), beta));
            f.run(f64.store(i32.add(tau, i32.shl(k, 3)), scale));
          },
        );
        // the rest of the panel takes reflector k now
        applyColumns(f, args, i32.add(k, 1), p1, k, k);
      });
      // columns right of the panel take all of its reflectors, in order, a group at a time
      applyColumns(f, args, p1, cols, p0, i32.sub(p1, 1));
    });
  });
}
