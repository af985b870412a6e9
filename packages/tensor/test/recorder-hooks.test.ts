import { describe, expect, test } from 'vitest';
import { BackendError, setRecorder, tensor } from '../src';
import { recorded } from './helpers';

describe('what ops report to the autograd recorder', () => {
  test('transpose of a 0-d tensor is recorded like any view', () => {
    const calls = recorded(() => tensor(3).transpose(0, -1));
    expect(calls.map((c) => c.op)).toEqual(['transpose']);
  });

  test('squeeze says whether it squeezed every dim (PyTorch names the two forms apart)', () => {
    const input = tensor([[[1], [2]]]);
    expect(recorded(() => input.squeeze())[0].attrs).toMatchObject({
      all: true,
      inputShape: [1, 2, 1],
    });
    expect(recorded(() => input.squeeze(0))[0].attrs).toMatchObject({ all: false });
  });
});

describe('gradient hooks without @x/autograd', () => {
  test('registerHook says to import @x/autograd when no recorder is installed', () => {
    const previous = setRecorder(null);
    try {
      expect(() => tensor([1]).registerHook((grad) => grad)).toThrow(BackendError);
      expect(() => tensor([1]).registerHook((grad) => grad)).toThrow(/import '@x\/autograd'/);
    } finally {
      setRecorder(previous);
    }
  });
});
