import { manualSeed, randn, type Tensor, where } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { gradcheck } from '../src';
import { awayFromZero, type Layout, leaf } from './helpers';

/** A small seeded stream for drawing shapes (the tensors come from manualSeed). */
function stream(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * n);
  };
}

/** A random shape, and one that broadcasts against it (dims set to 1, leading dims dropped). */
function broadcastPair(draw: (n: number) => number): [number[], number[]] {
  const shape = Array.from({ length: 1 + draw(3) }, () => 1 + draw(3));
  const partner = shape.slice(draw(shape.length)).map((size) => (draw(2) === 0 ? 1 : size));
  return draw(2) === 0 ? [shape, partner] : [partner, shape];
}

/** A layout the shape allows: transposing needs two dims. */
function layoutFor(shape: number[], draw: (n: number) => number): Layout {
  const layouts: Layout[] =
    shape.length >= 2 ? ['contiguous', 'transposed', 'sliced'] : ['contiguous', 'sliced'];
  return shape.length === 0 ? 'contiguous' : layouts[draw(layouts.length)];
}

const BINARY: [string, (a: Tensor, b: Tensor) => Tensor][] = [
  ['add', (a, b) => a.add(b)],
  ['sub', (a, b) => a.sub(b)],
  ['mul', (a, b) => a.mul(b)],
  ['div', (a, b) => a.div(b)],
  ['maximum', (a, b) => a.maximum(b)],
  ['atan2', (a, b) => a.atan2(b)],
  ['where', (a, b) => where(randn(a.shape).gt(0), a, b)],
];

describe('gradcheck on random broadcast shapes and layouts', () => {
  const draw = stream(2024);
  const trials = Array.from({ length: 30 }, (_, k) => {
    const [name, op] = BINARY[k % BINARY.length];
    const [aShape, bShape] = broadcastPair(draw);
    return {
      k,
      name,
      op,
      aShape,
      bShape,
      aLayout: layoutFor(aShape, draw),
      bLayout: layoutFor(bShape, draw),
    };
  });

  test.each(
    trials.map(
      (t) =>
        [
          `${t.name} ${JSON.stringify(t.aShape)} ${t.aLayout} with ${JSON.stringify(t.bShape)} ${t.bLayout}`,
          t,
        ] as const,
    ),
  )('%s, then summed over a random dim', async (_, { k, op, aShape, bShape, aLayout, bLayout }) => {
    manualSeed(k);
    const a = leaf(aShape, aLayout, awayFromZero);
    const b = leaf(bShape, bLayout, awayFromZero);
    const fn = (x: Tensor, y: Tensor) => {
      manualSeed(1000 + k); // where draws its condition: the same one on every call
      const out = op(x, y);
      return [out, out.sum(k % out.ndim)];
    };
    expect((await gradcheck(fn, [a, b])).ok).toBe(true);
  });
});

describe('gradcheck of matmul and reductions on random shapes', () => {
  const draw = stream(7);
  const products = Array.from({ length: 8 }, (_, k) => {
    const [aBatch, bBatch] = broadcastPair(draw);
    const [m, inner, n] = [1 + draw(3), 1 + draw(3), 1 + draw(3)];
    return { k, aShape: [...aBatch, m, inner], bShape: [...bBatch, inner, n] };
  });

  test.each(
    products.map((p) => [`${JSON.stringify(p.aShape)} @ ${JSON.stringify(p.bShape)}`, p] as const),
  )('matmul %s', async (_, { k, aShape, bShape }) => {
    manualSeed(k);
    const a = leaf(aShape, 'transposed');
    const b = leaf(bShape, k % 2 === 0 ? 'sliced' : 'contiguous');
    expect((await gradcheck((x, y) => x.matmul(y), [a, b])).ok).toBe(true);
  });

  const reductions = Array.from({ length: 8 }, (_, k) => {
    const shape = Array.from({ length: 1 + draw(3) }, () => 1 + draw(3));
    const dims = shape.flatMap((_, d) => (draw(2) === 0 ? [d] : []));
    const keepdim = draw(2) === 0;
    return {
      k,
      shape,
      dims: dims.length > 0 ? dims : [0],
      keepdim,
      layout: layoutFor(shape, draw),
    };
  });

  test.each(
    reductions.map(
      (r) =>
        [
          `${JSON.stringify(r.shape)} over ${JSON.stringify(r.dims)} keepdim ${r.keepdim}`,
          r,
        ] as const,
    ),
  )('sum, mean, amax and amin of %s', async (_, { k, shape, dims, keepdim, layout }) => {
    manualSeed(k);
    const fn = (x: Tensor) => [
      x.sum(dims, { keepdim }),
      x.mean(dims, { keepdim }),
      x.amax(dims, { keepdim }),
      x.amin(dims, { keepdim }),
      x.prod(dims[0], { keepdim }),
    ];
    expect((await gradcheck(fn, [leaf(shape, layout)])).ok).toBe(true);
  });
});
