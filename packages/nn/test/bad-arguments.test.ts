import * as init from '@x/init';
import { ArgumentError, DisposedError, tensor, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { crossEntropy, Linear, mseLoss, Sequential } from '../src';
import { SGD } from '../src/optim';

const logits = () => tensor([[1, 2, 0.5]]);
const labels = () => tensor([0], { dtype: 'int32' });

describe('bad calls end in library errors naming the function called and the argument', () => {
  it.each([
    ['crossEntropy', 'input', () => crossEntropy(null as never, labels())],
    ['crossEntropy', 'target', () => crossEntropy(logits(), undefined as never)],
    ['mseLoss', 'input', () => mseLoss(3 as never, zeros([1, 3]))],
    ['SGD', 'params', () => new SGD(null as never, { lr: 1 })],
    ['SGD.addParamGroup', 'params', () => new SGD([1, 2] as never, { lr: 1 })],
    ['uniform_', 'generator', () => init.uniform_(zeros([2]), { generator: {} as never })],
    [
      'kaimingNormal_',
      'generator',
      () => init.kaimingNormal_(zeros([2, 2]), { generator: 3 as never }),
    ],
    ['Sequential', 'modules', () => new Sequential(3 as never)],
    ['Linear', 'inFeatures', () => new Linear(Symbol('x') as never, 2)],
  ])('%s names %s', (fn, arg, call) => {
    expect(call).toThrow(ArgumentError);
    expect(call).toThrow(new RegExp(`^${fn.replace('.', '\\.')}: ${arg} `));
  });

  it('a disposed input of crossEntropy names crossEntropy, not an internal op', () => {
    const input = logits();
    input.dispose();
    expect(() => crossEntropy(input, labels())).toThrow(DisposedError);
    expect(() => crossEntropy(input, labels())).toThrow(/^crossEntropy: /);
  });
});
