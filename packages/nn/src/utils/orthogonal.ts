// torch.nn.utils.parametrizations.orthogonal: a matrix (or batch of matrices) kept
// orthogonal by mapping an unconstrained tensor through the matrix exponential, the Cayley
// map or a product of Householder reflections.
import { noGrad } from '@x/autograd';
import { ArgumentError, cat, eye, randn, ShapeError, Tensor, zeros } from '@x/tensor';
import { NotImplementedError } from '../errors';
import { describe } from '../format';
import { Module } from '../module';
import {
  checkReadable,
  diagonal,
  geqrf,
  householderProduct,
  makeOrthogonal,
  matrixExp,
  solve,
  tril,
} from './linalg';
import { registerParametrization } from './parametrize';

export type OrthogonalMap = 'matrix_exp' | 'cayley' | 'householder';
const ORTHOGONAL_MAPS: readonly OrthogonalMap[] = ['matrix_exp', 'cayley', 'householder'];

const transposeLast = (input: Tensor) => input.transpose(-2, -1);

/** Q·R with orthonormal Q: Qᵀ Q ≈ I within PyTorch's tolerance (_is_orthogonal). */
function isOrthogonal(q: Tensor): boolean {
  const n = q.shape[q.ndim - 2];
  const k = q.shape[q.ndim - 1];
  const atol = 10 * n * 2 ** -23; // 10 · n · float32 eps
  const gram = transposeLast(q)
    .matmul(q)
    .sub(eye(k, k, { backend: q.backend }));
  const identity = eye(k, k, { backend: q.backend });
  // allclose: |a − b| ≤ atol + rtol·|b|, rtol = 1e-5.
  return gram.abs().sub(identity.mul(1e-5)).le(atol).all().item() === 1;
}

/** The parametrization orthogonal registers (PyTorch's _Orthogonal). */
export class Orthogonal extends Module {
  readonly shape: readonly number[];
  readonly orthogonalMap: OrthogonalMap;
  /** With trivialization, the orthogonal matrix the map's output multiplies (a buffer). */
  declare base: Tensor | null;
  private readonly useTrivialization: boolean;

  constructor(
    weight: Tensor,
    orthogonalMap: OrthogonalMap,
    options: { useTrivialization?: boolean } = {},
  ) {
    super();
    this.shape = weight.shape;
    this.orthogonalMap = orthogonalMap;
    this.useTrivialization = options.useTrivialization ?? true;
    if (this.useTrivialization) this.registerBuffer('base', null);
  }

  override _getName(): string {
    return '_Orthogonal';
  }

  override forward(input: Tensor): Tensor {
    let X = input;
    let n = X.shape[X.ndim - 2];
    let k = X.shape[X.ndim - 1];
    const transposed = n < k;
    if (transposed) {
      X = transposeLast(X);
      [n, k] = [k, n];
    }
    // X is tall: n ≥ k.
    let Q: Tensor;
    if (this.orthogonalMap === 'matrix_exp' || this.orthogonalMap === 'cayley') {
      X = tril(X);
      if (n !== k) {
        X = cat([X, zeros([...X.shape.slice(0, -2), n, n - k], { backend: X.backend })], -1);
      }
      const A = X.sub(transposeLast(X)); // skew-symmetric
      if (this.orthogonalMap === 'matrix_exp') {
        Q = matrixExp(A);
      } else {
        // The Cayley retraction (I + A/2)(I − A/2)⁻¹.
        const identity = eye(n, n, { backend: A.backend });
        Q = solve(identity.sub(A.mul(0.5)), identity.add(A.mul(0.5)));
      }
      if (n !== k) Q = Q.narrow(-1, 0, k);
    } else {
      const A = tril(X, -1);
      const tau = A.mul(A).sum(-2).add(1).reciprocal().mul(2);
      Q = householderProduct(A, tau);
      // X's diagonal holds the signs ±1; not differentiated (the cast to int cuts the graph).
      Q = Q.mul(diagonal(X).int().float().unsqueeze(-2));
    }
    if (this.base !== undefined && this.base !== null) Q = this.base.matmul(Q);
    if (transposed) Q = transposeLast(Q);
    return Q;
  }

  /** The tensor whose image is `Q`, or, with trivialization, the base becomes `Q` (made orthogonal). */
  rightInverse(Q: Tensor): Tensor {
    return noGrad(() => {
      if (Q.shape.join() !== this.shape.join()) {
        throw new ShapeError(
          `orthogonal: Expected a matrix or batch of matrices of shape [${this.shape}]. Got a tensor of shape [${Q.shape}].`,
        );
      }
      const initial = Q;
      let tall = Q;
      let n = Q.shape[Q.ndim - 2];
      let k = Q.shape[Q.ndim - 1];
      const transposed = n < k;
      if (transposed) {
        tall = transposeLast(tall);
        [n, k] = [k, n];
      }
      if (!this.useTrivialization) {
        if (this.orthogonalMap !== 'householder') {
          throw new NotImplementedError(
            'It is not possible to assign to the matrix exponential or the Cayley parametrizations when useTrivialization: false.',
          );
        }
        // The reflectors of Q's QR; on the diagonal, the signs of R's diagonal, flipped where
        // LAPACK did not reflect (τ = 0), so the forward map gives Q back.
        const { reflectors, tau } = geqrf(tall);
        const signs = diagonal(reflectors).sign().mul(tau.eq(0).float().mul(-2).add(1));
        const onDiagonal = eye(n, k, { backend: tall.backend });
        const A = reflectors.where(onDiagonal.eq(0), signs.unsqueeze(-2).mul(onDiagonal));
        return transposed ? transposeLast(A) : A;
      }
      let base: Tensor;
      if (n === k) {
        base = isOrthogonal(tall) ? tall.clone() : makeOrthogonal(tall);
      } else {
        // Complete Q with random columns into an n×n orthogonal matrix.
        const completion = randn([...tall.shape.slice(0, -2), n, n - k], { backend: tall.backend });
        base = makeOrthogonal(cat([tall, completion], -1));
      }
      this.base = base;
      // −I, so that the maps give back `base` (householder(0) = I needs the −1 signs).
      return eye(initial.shape[initial.ndim - 2], initial.shape[initial.ndim - 1], {
        backend: initial.backend,
      })
        .neg()
        .expand(initial.shape)
        .contiguous();
    });
  }
}

/**
 * Keeps `module[name]` orthogonal (QᵀQ = I for a tall matrix, QQᵀ = I for a wide one) by
 * mapping an unconstrained original through `orthogonalMap`: 'matrix_exp' (the default for
 * square matrices), 'cayley', or 'householder' (the default otherwise)
 * (torch.nn.utils.parametrizations.orthogonal). With `useTrivialization` (the default) the
 * current weight, made orthogonal, becomes the buffer `base` and the original starts at −I.
 *
 * @example
 * const layer = orthogonal(new Linear(20, 40));
 * layer.weight.T.matmul(layer.weight); // ≈ eye(20)
 */
export function orthogonal<M extends Module>(
  module: M,
  name = 'weight',
  orthogonalMap: OrthogonalMap | null = null,
  options: { useTrivialization?: boolean } = {},
): M {
  const weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) {
    throw new ArgumentError(
      `orthogonal: Module '${module._getName()}' has no parameter or buffer with name '${describe(name)}'`,
    );
  }
  checkReadable(weight, 'orthogonal');
  if (weight.ndim < 2) {
    throw new ShapeError(
      `orthogonal: Expected a matrix or batch of matrices. Got a tensor of ${weight.ndim} dimensions.`,
    );
  }
  const map =
    orthogonalMap ??
    (weight.shape[weight.ndim - 2] === weight.shape[weight.ndim - 1]
      ? 'matrix_exp'
      : 'householder');
  if (!ORTHOGONAL_MAPS.includes(map)) {
    throw new ArgumentError(
      `orthogonal: orthogonalMap has to be one of "matrix_exp", "cayley", "householder". Got: ${describe(map)}`,
    );
  }
  const parametrization = new Orthogonal(weight, map, options);
  return registerParametrization(module, name, parametrization, { unsafe: true });
}
