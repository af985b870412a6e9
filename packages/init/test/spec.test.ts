import { ArgumentError, empty, eye, Generator, manualSeed, type Tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import * as init from '../src';
import { fromSpec, INITIALIZERS, type InitSpec, toSpec } from '../src';

/** Runs `fill` on a fresh tensor after manualSeed(seed) and returns the values. */
function drawn(fill: (t: Tensor) => Tensor, shape: number[], seed = 17): number[] {
  manualSeed(seed);
  return Array.from(fill(empty(shape)).toArraySync());
}

describe('the registry', () => {
  it('lists every PyTorch and Keras name once, with parameters and defaults', () => {
    const names = INITIALIZERS.map((info) => info.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'uniform',
        'normal',
        'trunc_normal',
        'constant',
        'ones',
        'zeros',
        'eye',
        'dirac',
        'xavier_uniform',
        'xavier_normal',
        'kaiming_uniform',
        'kaiming_normal',
        'orthogonal',
        'sparse',
        'glorot_uniform',
        'glorot_normal',
        'he_normal',
        'he_uniform',
        'lecun_normal',
        'lecun_uniform',
        'variance_scaling',
        'random_normal',
        'random_uniform',
        'truncated_normal',
        'identity',
      ]),
    );
    expect(names).toHaveLength(25);
    const kaiming = INITIALIZERS.find((info) => info.name === 'kaiming_uniform')!;
    expect(kaiming.params.map((p) => [p.name, p.default])).toEqual([
      ['a', 0],
      ['mode', 'fan_in'],
      ['nonlinearity', 'leaky_relu'],
    ]);
    expect(kaiming.params[1].choices).toEqual(['fan_in', 'fan_out']);
    expect(kaiming.mirrors).toEqual(['torch.nn.init.kaiming_uniform_']);
    const sparse = INITIALIZERS.find((info) => info.name === 'sparse')!;
    expect(sparse.params[0]).not.toHaveProperty('default');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(INITIALIZERS)).toBe(true);
    expect(Object.isFrozen(INITIALIZERS[0].params[0])).toBe(true);
  });

  it('every default spec round-trips through JSON and runs', () => {
    for (const info of INITIALIZERS) {
      const spec = {
        name: info.name,
        ...(info.name === 'sparse' ? { sparsity: 0.5 } : {}),
      } as InitSpec;
      const initializer = fromSpec(JSON.parse(JSON.stringify(spec)));
      const full = toSpec(initializer);
      expect(toSpec(fromSpec(JSON.parse(JSON.stringify(full))))).toEqual(full);
      const shape = info.name === 'dirac' ? [4, 4, 3] : [4, 4];
      const t = empty(shape);
      expect(initializer(t)).toBe(t);
    }
  });
});

describe('fromSpec and toSpec', () => {
  it("fill defaults in the registry's order", () => {
    expect(toSpec(fromSpec({ name: 'kaiming_uniform', a: Math.sqrt(5) }))).toEqual({
      name: 'kaiming_uniform',
      a: Math.sqrt(5),
      mode: 'fan_in',
      nonlinearity: 'leaky_relu',
    });
    expect(JSON.stringify(toSpec(fromSpec({ name: 'normal', std: 0.02 })))).toBe(
      '{"name":"normal","mean":0,"std":0.02}',
    );
    expect(toSpec(fromSpec('he_uniform'))).toEqual({ name: 'he_uniform' });
  });

  it('PyTorch names give the same draws as the functions', () => {
    const cases: [InitSpec, (t: Tensor) => Tensor][] = [
      [{ name: 'uniform', a: -1, b: 3 }, (t) => init.uniform_(t, { a: -1, b: 3 })],
      [{ name: 'normal', mean: 2, std: 0.5 }, (t) => init.normal_(t, { mean: 2, std: 0.5 })],
      [
        { name: 'trunc_normal', std: 0.02, a: -0.04, b: 0.04 },
        (t) => init.truncNormal_(t, { std: 0.02, a: -0.04, b: 0.04 }),
      ],
      [{ name: 'xavier_uniform', gain: 2 }, (t) => init.xavierUniform_(t, { gain: 2 })],
      [{ name: 'xavier_normal' }, (t) => init.xavierNormal_(t)],
      [
        { name: 'kaiming_uniform', a: Math.sqrt(5) },
        (t) => init.kaimingUniform_(t, { a: Math.sqrt(5) }),
      ],
      [
        { name: 'kaiming_normal', mode: 'fan_out', nonlinearity: 'relu' },
        (t) => init.kaimingNormal_(t, { mode: 'fan_out', nonlinearity: 'relu' }),
      ],
      [{ name: 'orthogonal', gain: 0.5 }, (t) => init.orthogonal_(t, { gain: 0.5 })],
      [{ name: 'sparse', sparsity: 0.3, std: 0.1 }, (t) => init.sparse_(t, 0.3, { std: 0.1 })],
      [{ name: 'constant', value: 4 }, (t) => init.constant_(t, 4)],
      [{ name: 'eye' }, (t) => init.eye_(t)],
    ];
    for (const [spec, fill] of cases)
      expect(drawn(fromSpec(spec), [6, 10])).toEqual(drawn(fill, [6, 10]));
    expect(drawn(fromSpec({ name: 'dirac', groups: 2 }), [4, 2, 3])).toEqual(
      drawn((t) => init.dirac_(t, { groups: 2 }), [4, 2, 3]),
    );
  });

  it('Keras names map onto the same functions with Keras semantics', () => {
    const std = (scale: number, fan: number) => Math.sqrt(scale / fan) / init.TRUNCATED_NORMAL_STD;
    // [out, in, kh, kw] = [8, 4, 3, 3]: fan_in 36, fan_out 72.
    const shape = [8, 4, 3, 3];
    const cases: [string, (t: Tensor) => Tensor][] = [
      ['glorot_uniform', (t) => init.xavierUniform_(t)],
      ['he_uniform', (t) => init.kaimingUniform_(t, { nonlinearity: 'relu' })],
      ['lecun_uniform', (t) => init.kaimingUniform_(t, { nonlinearity: 'linear' })],
      [
        'glorot_normal',
        (t) => init.truncNormal_(t, { std: std(1, 54), a: -2 * std(1, 54), b: 2 * std(1, 54) }),
      ],
      [
        'he_normal',
        (t) => init.truncNormal_(t, { std: std(2, 36), a: -2 * std(2, 36), b: 2 * std(2, 36) }),
      ],
      [
        'lecun_normal',
        (t) => init.truncNormal_(t, { std: std(1, 36), a: -2 * std(1, 36), b: 2 * std(1, 36) }),
      ],
      ['ones', (t) => init.ones_(t)],
      ['zeros', (t) => init.zeros_(t)],
    ];
    for (const [name, fill] of cases)
      expect(drawn(fromSpec(name as InitSpec['name']), shape)).toEqual(drawn(fill, shape));
    const keras: [InitSpec, (t: Tensor) => Tensor][] = [
      [{ name: 'random_normal' }, (t) => init.normal_(t, { std: 0.05 })],
      [{ name: 'random_uniform', minval: -1, maxval: 1 }, (t) => init.uniform_(t, { a: -1, b: 1 })],
      [
        { name: 'truncated_normal', mean: 1, stddev: 0.5 },
        (t) => init.truncNormal_(t, { mean: 1, std: 0.5, a: 0, b: 2 }),
      ],
      [
        { name: 'variance_scaling', scale: 3, mode: 'fan_out', distribution: 'uniform' },
        (t) => init.uniform_(t, { a: -Math.sqrt(9 / 72), b: Math.sqrt(9 / 72) }),
      ],
      [{ name: 'constant' }, (t) => init.constant_(t, 0)],
    ];
    for (const [spec, fill] of keras)
      expect(drawn(fromSpec(spec), shape)).toEqual(drawn(fill, shape));
    expect(fromSpec({ name: 'identity', gain: 3 })(empty([2, 3])).tolistSync()).toEqual(
      eye(2, 3).mul(3).tolistSync(),
    );
  });

  it('pass the generator through', () => {
    const he = fromSpec('he_normal');
    const a = he(empty([5, 5]), { generator: new Generator({ seed: 3 }) }).toArraySync();
    const b = init
      .varianceScaling_(empty([5, 5]), { scale: 2, generator: new Generator({ seed: 3 }) })
      .toArraySync();
    expect(a).toEqual(b);
  });

  it('reject bad specs with a message that names the problem', () => {
    const bad: [unknown, RegExp][] = [
      [
        { name: 'kaiming' },
        /fromSpec: unknown initializer name 'kaiming'; known names: uniform, normal/,
      ],
      [
        { name: 'kaiming_uniform', b: 1 },
        /'kaiming_uniform' has no parameter 'b'; it takes a, mode, nonlinearity/,
      ],
      [{ name: 'ones', value: 1 }, /'ones' has no parameter 'value'; it takes no parameters/],
      [{ name: 'sparse' }, /'sparse' parameter 'sparsity' is required/],
      [{ name: 'normal', std: '1' }, /'normal' parameter 'std' must be a finite number, got '1'/],
      [
        { name: 'kaiming_normal', mode: 'fan_avg' },
        /parameter 'mode' must be one of 'fan_in', 'fan_out', got 'fan_avg'/,
      ],
      [
        { name: 'variance_scaling', distribution: 'normal' },
        /'distribution' must be one of 'truncated_normal', 'untruncated_normal', 'uniform'/,
      ],
      [
        { name: 'uniform', a: 1, b: 0 },
        /fromSpec: 'uniform': expects to return a \[a, b\) range, but found a=1 > b=0/,
      ],
      [{ name: 'random_uniform', minval: 1, maxval: 0 }, /found minval=1 > maxval=0/],
      [{ name: 'random_normal', stddev: -1 }, /normal expects stddev >= 0.0, but found stddev -1/],
      [{ name: 'truncated_normal', stddev: 0 }, /stddev must be > 0/],
      [{ name: 'trunc_normal', a: 3 }, /expected a <= b, but found a=3 > b=2/],
      [{ name: 'sparse', sparsity: 1 }, /sparsity must be in \[0, 1\), got 1/],
      [{ name: 'dirac', groups: 1.5 }, /groups must be a positive integer, got 1.5/],
      [{ name: 'variance_scaling', scale: -1 }, /scale must be a positive number, got -1/],
      [null, /expected a spec object/],
    ];
    for (const [spec, message] of bad) {
      expect(() => fromSpec(spec as InitSpec)).toThrow(ArgumentError);
      expect(() => fromSpec(spec as InitSpec)).toThrow(message);
    }
  });

  it('check the tensor at the call, before writing', () => {
    const t = empty([3]);
    t.fill_(7);
    expect(() => fromSpec('glorot_uniform')(t)).toThrow(/Fan in and fan out can not be computed/);
    expect(() => fromSpec('identity')(t)).toThrow(
      /identity: Only tensors with 2 dimensions are supported/,
    );
    expect(t.tolistSync()).toEqual([7, 7, 7]);
  });

  it('toSpec rejects a function that fromSpec did not make', () => {
    expect(() => toSpec(((t: Tensor) => t) as never)).toThrow(
      /toSpec: expected an initializer made by fromSpec/,
    );
  });
});
