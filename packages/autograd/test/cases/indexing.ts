import { gather, scatterAdd, tensor } from '@x/tensor';
import { type GradcheckCase, leaf } from '../helpers';

const rows = tensor(new Int32Array([2, 0, 2, 1]));

export const INDEXING_CASES: GradcheckCase[] = [
  {
    name: 'indexSelect with repeated indices along each dim',
    fn: (a) => [
      a.indexSelect(0, rows),
      a.indexSelect(1, tensor(new Int32Array([3, 3, 0]))),
      a.indexSelect(-1, rows.get('1:2')),
    ],
    inputs: () => [leaf([3, 4], 'transposed')],
  },
  {
    name: 'indexSelect of a 0-d tensor',
    fn: (a) => a.sum().indexSelect(0, tensor(new Int32Array([0, 0, 0]))),
    inputs: () => [leaf([2], 'sliced')],
  },
  {
    name: 'gather with repeated and negative indices',
    fn: (a) => [
      a.gather(1, tensor(new Int32Array([0, 0, 3, 1, 2, -1]), { shape: [3, 2] })),
      gather(a, 0, tensor(new Int32Array([2, 2, 0, 1]), { shape: [1, 4] })),
    ],
    inputs: () => [leaf([3, 4], 'sliced')],
  },
  {
    name: 'scatterAdd into an input, with colliding indices',
    fn: (a, src) => [
      a.scatterAdd(1, tensor(new Int32Array([0, 0, 3, 1, 1, 1]), { shape: [3, 2] }), src),
      scatterAdd(
        tensor([[1, 2, 3, 4]]),
        0,
        tensor(new Int32Array([0, 0]), { shape: [1, 2] }),
        src.get('1:2'),
      ),
    ],
    inputs: () => [leaf([3, 4], 'transposed'), leaf([3, 2], 'sliced')],
  },
  {
    name: 'tensor indices: int32 and a bool mask',
    fn: (a) => [
      a.get(tensor(new Int32Array([2, -3, 2]))),
      a.get(
        ':',
        tensor(
          new Int32Array(
            [
              [1, 0],
              [3, 3],
            ].flat(),
          ),
          { shape: [2, 2] },
        ),
      ),
      a.get(
        tensor([
          [true, false, true, false],
          [false, false, true, true],
          [true, true, true, true],
        ]),
      ),
    ],
    inputs: () => [leaf([3, 4], 'transposed')],
  },
];
