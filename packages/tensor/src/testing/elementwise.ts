import { describe, expect, test } from 'vitest';
import {
  ArgumentError,
  type Backend,
  BINARY_OPS,
  type BinaryOp,
  type DType,
  DTypeError,
  jsKernel,
  maximum,
  minimum,
  pow,
  primitives,
  promoteTypes,
  sub,
  type Tensor,
  tensor,
  UNARY_OPS,
  type UnaryOp,
  where,
} from '../index';
import {
  broadcastTo,
  cast,
  expectTensor,
  type HostTensor,
  LAYOUTS,
  place,
  SPECIAL,
  type Tolerance,
  values,
} from './host';

/** The built-in elementwise ops whose expression applies a primitive that `matches`. */
export function elementwiseOpsUsing(
  matches: (primitive: primitives.UnaryPrimitive | primitives.BinaryPrimitive) => boolean,
): Set<string> {
  const decls = [...Object.entries(UNARY_OPS), ...Object.entries(BINARY_OPS)];
  const using = decls.filter(([, decl]) => [...primitives.primitivesOf(decl.expr)].some(matches));
  return new Set(using.map(([op]) => op));
}

/**
 * Ops whose GPU result may differ from the CPU's float64-then-round by a few ulp: those
 * applying an approximate primitive (transcendentals), or division or a square root, which
 * WGSL need not round correctly. Every other op must match exactly.
 */
const APPROX: Tolerance = { rtol: 2e-5, atol: 2e-6 };
const APPROX_OPS = elementwiseOpsUsing(
  (p) => primitives.EXACTNESS[p] === 'approximate' || p === 'div' || p === 'sqrt',
);
const tolerance = (op: string): Tolerance => (APPROX_OPS.has(op) ? APPROX : {});

/** Inputs away from tan's poles, where float32 rounding of the argument dominates. */
const DOMAIN: Partial<Record<UnaryOp, [number, number]>> = { tan: [-1.2, 1.2] };

const PARAMS: Partial<Record<UnaryOp, number[][]>> = {
  clamp: [
    [-1, 2],
    [-Infinity, 0.5],
    [1, Infinity],
  ],
  leakyRelu: [[0.1]],
  powScalar: [[2], [3], [0.5], [-1], [0]],
};

function resultDType(rule: 'same' | 'float' | 'bool', promoted: DType): DType {
  return rule === 'bool' ? 'bool' : rule === 'float' ? 'float32' : promoted;
}

/** Calls a unary op the way users do (methods). */
function callUnary(op: UnaryOp, input: Tensor, params: number[]): Tensor {
  if (op === 'clamp') {
    return input.clamp({
      min: Number.isFinite(params[0]) ? params[0] : undefined,
      max: Number.isFinite(params[1]) ? params[1] : undefined,
    });
  }
  if (op === 'leakyRelu') return input.leakyRelu(params[0]);
  if (op === 'powScalar') return input.pow(params[0]);
  return (input[op] as () => Tensor).call(input);
}

function unaryInputs(op: UnaryOp, dtype: DType): HostTensor {
  if (dtype !== 'float32') return { values: values(36, dtype, 7, -5, 5), shape: [4, 9], dtype };
  const [lo, hi] = DOMAIN[op] ?? [-3, 3];
  const special =
    op === 'tan' ? SPECIAL.filter((v) => !Number.isFinite(v) || Math.abs(v) < 2) : SPECIAL;
  const data = [...special, ...values(36 - special.length, 'float32', 11, lo, hi)];
  return { values: data, shape: [4, 9], dtype };
}

export function elementwiseTests(getBackend: () => Backend): void {
  describe('unary ops: every op of UNARY_OPS, every dtype, every layout', () => {
    for (const op of Object.keys(UNARY_OPS) as UnaryOp[]) {
      test(op, async () => {
        const backend = getBackend();
        const decl = UNARY_OPS[op];
        for (const dtype of ['float32', 'int32', 'bool'] as const) {
          const input = unaryInputs(op, dtype);
          if (dtype === 'bool' && (op === 'neg' || op === 'sign')) {
            expect(() => callUnary(op, place(input, backend), [])).toThrow(DTypeError);
            continue;
          }
          for (const params of PARAMS[op] ?? [[]]) {
            const [p0 = 0, p1 = 0] = params;
            // An integer tensor's power by a scalar is torch.pow's: the promoted dtype, wrapping
            // int32 arithmetic, and no negative integer exponents.
            const integerPower = op === 'powScalar' && dtype !== 'float32';
            if (integerPower && Number.isInteger(p0) && p0 < 0) {
              expect(() => callUnary(op, place(input, backend), params)).toThrow(ArgumentError);
              continue;
            }
            const outDType = integerPower
              ? promoteTypes(dtype, Number.isInteger(p0) ? 'int32' : 'float32')
              : resultDType(decl.rule, dtype);
            const fn = jsKernel(integerPower ? BINARY_OPS.pow : decl, outDType);
            const expected = Array.from(input.values, (v) => cast(fn(v, p0, p1), outDType));
            for (const layout of LAYOUTS) {
              const label = `${op}(${dtype} ${layout}${params.length ? `, ${params}` : ''})`;
              const out = callUnary(op, place(input, backend, layout), params);
              await expectTensor(
                out,
                { values: expected, shape: input.shape, dtype: outDType },
                label,
                tolerance(op),
              );
            }
          }
        }
      });
    }

    test('in place on a non-contiguous view (exp_, neg_, clamp_)', async () => {
      const backend = getBackend();
      const input = unaryInputs('exp', 'float32');
      const target = place(input, backend, 'transposed');
      target.exp_().neg_().clamp_({ min: -5 });
      const expected = Array.from(input.values, (v) => cast(Math.max(-Math.exp(v), -5), 'float32'));
      await expectTensor(target, { ...input, values: expected }, 'exp_().neg_().clamp_()', APPROX);
    });
  });

  describe('binary ops: every op of BINARY_OPS, promotion, broadcasting, scalars', () => {
    const pairs: [DType, DType][] = [
      ['float32', 'float32'],
      ['int32', 'int32'],
      ['float32', 'int32'],
      ['int32', 'float32'],
      ['bool', 'bool'],
      ['bool', 'int32'],
    ];
    for (const op of Object.keys(BINARY_OPS) as BinaryOp[]) {
      test(op, async () => {
        const backend = getBackend();
        const decl = BINARY_OPS[op];
        const check = async (
          a: HostTensor,
          b: HostTensor,
          la: (typeof LAYOUTS)[number],
          lb: (typeof LAYOUTS)[number],
        ) => {
          const shape =
            a.shape.length >= b.shape.length
              ? broadcastShape(a.shape, b.shape)
              : broadcastShape(b.shape, a.shape);
          const av = broadcastTo(a, shape);
          const bv = broadcastTo(b, shape);
          const dtype = resultDType(decl.rule, promoteTypes(a.dtype, b.dtype));
          const fn = jsKernel(decl, dtype);
          const expected = av.map((x, i) => cast(fn(x, bv[i], 0), dtype));
          const out = (place(a, backend, la)[op] as (o: Tensor) => Tensor)(place(b, backend, lb));
          await expectTensor(
            out,
            { values: expected, shape, dtype },
            `${op}(${a.dtype} ${la} ${a.shape}, ${b.dtype} ${lb} ${b.shape})`,
            tolerance(op),
          );
        };
        for (const [da, db] of pairs) {
          if (op === 'sub' && (da === 'bool' || db === 'bool')) continue;
          const [lo, hi] = op === 'pow' && da !== 'float32' ? [-3, 3] : [-5, 5];
          const a: HostTensor = { values: values(24, da, 3, lo, hi), shape: [4, 6], dtype: da };
          const b: HostTensor = {
            values: values(24, db, 5, op === 'pow' ? -1 : -5, op === 'pow' ? 4 : 5),
            shape: [4, 6],
            dtype: db,
          };
          await check(a, b, 'transposed', 'strided');
          await check(
            a,
            { ...b, values: b.values.slice(0, 6), shape: [6] },
            'offset',
            'contiguous',
          );
          await check(
            { ...a, values: a.values.slice(0, 3), shape: [3, 1, 1] },
            { ...b, values: b.values.slice(0, 6), shape: [2, 3] },
            'contiguous',
            'transposed',
          );
        }
        // Every pair of special floats: NaN, infinities and signed zeros, through broadcasting.
        const specials = (shape: number[]): HostTensor => ({
          values: SPECIAL,
          shape,
          dtype: 'float32',
        });
        await check(
          specials([SPECIAL.length, 1]),
          specials([SPECIAL.length]),
          'contiguous',
          'strided',
        );
      });
    }

    test('scalar operands on either side, int and float scalars', async () => {
      const backend = getBackend();
      const a: HostTensor = {
        values: [...values(10, 'float32', 9), ...SPECIAL],
        shape: [24],
        dtype: 'float32',
      };
      const ai: HostTensor = { values: values(24, 'int32', 9, -4, 4), shape: [24], dtype: 'int32' };
      const viaMethod = [
        'add',
        'sub',
        'mul',
        'div',
        'eq',
        'ne',
        'lt',
        'le',
        'gt',
        'ge',
        'logicalAnd',
        'logicalOr',
      ] as const;
      const functional = { pow, maximum, minimum } as const;
      for (const input of [a, ai]) {
        for (const scalar of [2, -1, 2.5, 0]) {
          const scalarDType: DType = Number.isInteger(scalar) ? 'int32' : 'float32';
          for (const op of [...viaMethod, 'pow', 'maximum', 'minimum'] as const) {
            const decl = BINARY_OPS[op];
            const dtype = resultDType(decl.rule, promoteTypes(input.dtype, scalarDType));
            const t = place(input, backend, 'strided');
            if (op === 'pow' && dtype === 'int32' && scalar < 0) {
              expect(() => pow(t, scalar)).toThrow(ArgumentError);
              continue;
            }
            const fn = jsKernel(decl, dtype);
            const expected = Array.from(input.values, (v) => cast(fn(v, scalar, 0), dtype));
            const out =
              op in functional
                ? functional[op as keyof typeof functional](t, scalar)
                : (t[op] as (s: number) => Tensor)(scalar);
            await expectTensor(
              out,
              { values: expected, shape: input.shape, dtype },
              `${op}(${input.dtype}, ${scalar})`,
              tolerance(op),
            );
          }
        }
      }
      // A scalar on the left becomes a 0-d tensor broadcast against the right operand.
      const expected = Array.from(a.values, (v) => cast(3 - v, 'float32'));
      await expectTensor(sub(3, place(a, backend)), { ...a, values: expected }, 'sub(3, t)');
    });

    test('contiguous runs of every length mod 4 at every alignment (vectorised and scalar paths)', async () => {
      const backend = getBackend();
      for (const n of [1, 3, 4, 6, 8, 1027, 4096]) {
        for (const [sa, sb] of [
          [0, 0],
          [1, 4],
          [4, 8],
          [2, 3],
        ]) {
          const av = values(n, 'float32', n + sa, -4, 4);
          const bv = values(n, 'float32', n + sb + 50, -4, 4);
          const iv = values(n, 'int32', n + 7, -9, 9);
          // Each operand sits at its own element offset inside a larger storage.
          const at = (data: number[], start: number, dtype: DType = 'float32') =>
            tensor([...new Array<number>(start).fill(777), ...data, 777], {
              dtype,
              backend,
            }).narrow(0, start, n);
          const a = at(av, sa);
          const b = at(bv, sb);
          const i = at(iv, sb, 'int32');
          const label = `n=${n}, offsets ${sa}/${sb}`;
          const f = (v: number) => Math.fround(v);
          const expectF = (t: Tensor, want: number[], what: string) =>
            expectTensor(t, { values: want, shape: [n], dtype: 'float32' }, `${what} (${label})`);
          await expectF(
            a.mul(b).add(1),
            av.map((x, k) => f(f(x * bv[k]) + 1)),
            'a*b+1',
          );
          await expectF(a.abs(), av.map(Math.abs), 'abs');
          await expectF(
            a.add(i),
            av.map((x, k) => f(x + iv[k])),
            'float + int',
          );
          await expectTensor(
            a.gt(b),
            { values: av.map((x, k) => Number(x > bv[k])), shape: [n], dtype: 'bool' },
            `gt (${label})`,
          );
          await expectTensor(
            i.mul(3),
            { values: iv.map((x) => x * 3), shape: [n], dtype: 'int32' },
            `int * 3 (${label})`,
          );
          await expectF(
            where(a.gt(b), a, b),
            av.map((x, k) => Math.max(x, bv[k])),
            'where(a > b, a, b)',
          );
          await expectTensor(
            a.to('int32'),
            { values: av.map((x) => Math.trunc(x)), shape: [n], dtype: 'int32' },
            `float -> int (${label})`,
          );
          const target = at(av, sa);
          target.sub_(b);
          await expectF(
            target,
            av.map((x, k) => f(x - bv[k])),
            'sub_ in place',
          );
        }
      }
    });

    test('in place with a broadcast operand, and into a wider dtype', async () => {
      const backend = getBackend();
      const a: HostTensor = { values: values(12, 'float32', 21), shape: [3, 4], dtype: 'float32' };
      const row: HostTensor = { values: values(4, 'int32', 22, -3, 3), shape: [4], dtype: 'int32' };
      const target = place(a, backend, 'transposed');
      target.mul_(place(row, backend)).add_(2).sub_(place(row, backend), { alpha: 2 });
      const rv = broadcastTo(row, [3, 4]);
      const expected = Array.from(a.values, (v, i) =>
        cast(cast(cast(v * rv[i], 'float32') + 2, 'float32') - 2 * rv[i], 'float32'),
      );
      await expectTensor(target, { ...a, values: expected }, 'mul_ add_ sub_');
    });
  });
}

function broadcastShape(long: readonly number[], short: readonly number[]): number[] {
  const offset = long.length - short.length;
  return long.map((s, d) => (d < offset ? s : Math.max(s, short[d - offset])));
}
