// The linear algebra the orthogonal parametrization needs, written with @x/tensor's
// differentiable ops (tril, matrixExp, householderProduct), or with a gradient rule of its own
// where the forward is a CPU factorisation (solve). Matrices are the last two dims; leading
// dims are a batch.
import { isGradEnabled, Node, noGrad, type VjpRule } from '@x/autograd';
import { arange, BackendError, eye, qr, ShapeError, type Tensor, tensor } from '@x/tensor';

const rowsOf = (input: Tensor) => input.shape[input.ndim - 2];
const colsOf = (input: Tensor) => input.shape[input.ndim - 1];

/** Throws unless `input`'s values can be read synchronously (the factorisations run on the CPU). */
export function checkReadable(input: Tensor, op: string): void {
  if (input.backend.readSync === undefined) {
    throw new BackendError(
      `${op}: runs on the CPU, and tensors on '${input.device}' are read asynchronously; ` +
        'keep this module on the CPU (module.to(cpu))',
    );
  }
}

/** Float64 copies of the batch of matrices in `input`. */
function readMatrices(input: Tensor, op: string): Float64Array[] {
  checkReadable(input, op);
  const values = input.contiguous().toArraySync();
  const size = rowsOf(input) * colsOf(input);
  return Array.from({ length: values.length / size }, (_, b) =>
    Float64Array.from(values.subarray(b * size, (b + 1) * size)),
  );
}

function writeMatrices(
  matrices: readonly Float64Array[],
  shape: readonly number[],
  like: Tensor,
): Tensor {
  const out = new Float32Array(matrices.reduce((total, m) => total + m.length, 0));
  let offset = 0;
  for (const matrix of matrices) {
    out.set(matrix, offset);
    offset += matrix.length;
  }
  return tensor(out, { shape, backend: like.backend });
}

/** torch.tril: the entries on and below the `diagonal`-th diagonal, zeros elsewhere. */
export function tril(input: Tensor, diagonal = 0): Tensor {
  const rows = arange(rowsOf(input), undefined, 1, { backend: input.backend }).unsqueeze(1);
  const cols = arange(colsOf(input), undefined, 1, { backend: input.backend }).unsqueeze(0);
  return input.where(cols.le(rows.add(diagonal)), 0);
}

/** The main diagonal of each matrix, as the last dim (torch.diagonal(dim1=-2, dim2=-1)). */
export function diagonal(input: Tensor): Tensor {
  const size = Math.min(rowsOf(input), colsOf(input));
  const mask = eye(rowsOf(input), colsOf(input), { backend: input.backend });
  return input.mul(mask).sum(-2).narrow(-1, 0, size);
}

/** Taylor terms of exp on a matrix of 1-norm at most 1/2: the truncation error is below 1e-13. */
const TAYLOR_DEGREE = 12;

/**
 * torch.matrix_exp: exp(A) = Σ Aʲ/j!, by scaling and squaring (A is divided by 2ˢ until its
 * 1-norm is at most 1/2, the Taylor series summed, and the result squared s times). Every
 * step is a differentiable op, so autograd differentiates it.
 */
export function matrixExp(input: Tensor): Tensor {
  const n = colsOf(input);
  if (rowsOf(input) !== n) {
    throw new ShapeError(`matrixExp: expected square matrices, got shape [${input.shape}]`);
  }
  // The number of squarings depends on the values, read once (the 1-norm: largest column sum).
  const norm = Math.max(
    0,
    ...readMatrices(
      noGrad(() => input.abs().sum(-2)),
      'matrixExp',
    ).flatMap((m) => [...m]),
  );
  const squarings = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scaled = input.div(2 ** squarings);
  const identity = eye(n, n, { backend: input.backend });
  // Horner: I + X(I + X/2(I + X/3(... (I + X/d)))).
  let result = identity;
  for (let j = TAYLOR_DEGREE; j >= 1; j--) result = identity.add(scaled.matmul(result).div(j));
  for (let s = 0; s < squarings; s++) result = result.matmul(result);
  return result;
}

/**
 * torch.linalg.householder_product: the first k columns of H₁H₂…Hₖ, where
 * Hᵢ = I − τᵢ vᵢvᵢᵀ and vᵢ is column i of `reflectors` below the diagonal, with a 1 on it.
 */
export function householderProduct(reflectors: Tensor, tau: Tensor): Tensor {
  const n = rowsOf(reflectors);
  const k = colsOf(reflectors);
  const rows = arange(n, undefined, 1, { backend: reflectors.backend }).unsqueeze(1);
  let product = eye(n, n, { backend: reflectors.backend });
  for (let i = 0; i < k; i++) {
    const v = reflectors.narrow(-1, i, 1).where(rows.gt(i), 0).add(rows.eq(i).float());
    const scale = tau.narrow(-1, i, 1).unsqueeze(-1);
    product = product.sub(product.matmul(v).mul(scale).matmul(v.transpose(-2, -1)));
  }
  return product.narrow(-1, 0, k);
}

/** Solves a·x = b for each matrix (Gaussian elimination with partial pivoting, in float64). */
function solveMatrices(a: Float64Array, b: Float64Array, n: number, m: number): Float64Array {
  const lu = a.slice();
  const x = b.slice();
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(lu[row * n + col]) > Math.abs(lu[pivot * n + col])) pivot = row;
    }
    if (lu[pivot * n + col] === 0) {
      throw new ShapeError(
        `solve: The solver failed because the input matrix is singular (pivot ${col} is zero)`,
      );
    }
    if (pivot !== col) {
      for (let j = 0; j < n; j++)
        [lu[col * n + j], lu[pivot * n + j]] = [lu[pivot * n + j], lu[col * n + j]];
      for (let j = 0; j < m; j++)
        [x[col * m + j], x[pivot * m + j]] = [x[pivot * m + j], x[col * m + j]];
    }
    for (let row = col + 1; row < n; row++) {
      const factor = lu[row * n + col] / lu[col * n + col];
      if (factor === 0) continue;
      for (let j = col; j < n; j++) lu[row * n + j] -= factor * lu[col * n + j];
      for (let j = 0; j < m; j++) x[row * m + j] -= factor * x[col * m + j];
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    for (let j = 0; j < m; j++) {
      let sum = x[row * m + j];
      for (let k = row + 1; k < n; k++) sum -= lu[row * n + k] * x[k * m + j];
      x[row * m + j] = sum / lu[row * n + row];
    }
  }
  return x;
}

const SOLVE_RULE: VjpRule = {
  name: 'LinalgSolveExBackward0',
  save: ({ inputs, output }) => [inputs[0], output],
  // x = a⁻¹b: db = a⁻ᵀ g, da = −db xᵀ.
  vjp: (outputGrad, ctx) => {
    const a = ctx.saved(0);
    const x = ctx.saved(1);
    const gradB = solve(a.transpose(-2, -1), outputGrad);
    const gradA = ctx.needsInputGrad[0] ? gradB.matmul(x.transpose(-2, -1)).neg() : null;
    return [gradA, ctx.needsInputGrad[1] ? gradB : null];
  },
};

/**
 * torch.linalg.solve(a, b) for square `a` and matrices `b` of the same batch shape: the x
 * with a·x = b. Computed on the CPU; differentiable in both arguments.
 */
export function solve(a: Tensor, b: Tensor): Tensor {
  const n = rowsOf(a);
  if (
    colsOf(a) !== n ||
    rowsOf(b) !== n ||
    a.shape.slice(0, -2).join() !== b.shape.slice(0, -2).join()
  ) {
    throw new ShapeError(
      `solve: expected square matrices a and matrices b with as many rows and the same batch shape, got [${a.shape}] and [${b.shape}]`,
    );
  }
  const m = colsOf(b);
  const solutions = noGrad(() => {
    const as = readMatrices(a, 'solve');
    const bs = readMatrices(b, 'solve');
    return as.map((matrix, i) => solveMatrices(matrix, bs[i], n, m));
  });
  const output = writeMatrices(solutions, b.shape, b);
  if (isGradEnabled() && (a.requiresGrad || b.requiresGrad)) {
    output.gradFn = new Node(SOLVE_RULE, {
      inputs: [a, b],
      output,
      attrs: {},
      needsInputGrad: [a.requiresGrad, b.requiresGrad],
    });
    output.requiresGrad = true;
  }
  return output;
}

/**
 * The Q of a QR factorisation of each tall matrix with R's diagonal made non-negative
 * (PyTorch's _make_orthogonal), so the result is unique. Not differentiated.
 */
export function makeOrthogonal(input: Tensor): Tensor {
  const rows = rowsOf(input);
  const cols = colsOf(input);
  const matrices = readMatrices(input, 'makeOrthogonal').map((matrix) => {
    const { q, r } = qr(matrix, rows, cols);
    const signs = Array.from({ length: cols }, (_, j) => Math.sign(r[j * cols + j]));
    return q.map((value, index) => value * signs[index % cols]);
  });
  return writeMatrices(matrices, input.shape, input);
}

/**
 * torch.geqrf for each tall matrix: R on and above the diagonal, the Householder vectors
 * below it (their leading 1 implied), and the scales τ, with LAPACK's conventions (dgeqrf:
 * a column with nothing below its diagonal gets τ = 0). Not differentiated.
 */
export function geqrf(input: Tensor): { reflectors: Tensor; tau: Tensor } {
  const rows = rowsOf(input);
  const cols = colsOf(input);
  const k = Math.min(rows, cols);
  const taus: Float64Array[] = [];
  const matrices = readMatrices(input, 'geqrf').map((a) => {
    const tau = new Float64Array(k);
    for (let step = 0; step < k; step++) {
      const alpha = a[step * cols + step];
      let below = 0;
      for (let row = step + 1; row < rows; row++) below += a[row * cols + step] ** 2;
      if (below === 0) continue;
      const beta = (alpha >= 0 ? -1 : 1) * Math.hypot(alpha, Math.sqrt(below));
      tau[step] = (beta - alpha) / beta;
      for (let row = step + 1; row < rows; row++) a[row * cols + step] /= alpha - beta;
      a[step * cols + step] = beta;
      // Apply H = I − τ v vᵀ (v = [1, a[step+1:, step]]) to the columns on the right.
      for (let col = step + 1; col < cols; col++) {
        let dot = a[step * cols + col];
        for (let row = step + 1; row < rows; row++)
          dot += a[row * cols + step] * a[row * cols + col];
        const scale = tau[step] * dot;
        a[step * cols + col] -= scale;
        for (let row = step + 1; row < rows; row++)
          a[row * cols + col] -= scale * a[row * cols + step];
      }
    }
    taus.push(tau);
    return a;
  });
  return {
    reflectors: writeMatrices(matrices, input.shape, input),
    tau: writeMatrices(taus, [...input.shape.slice(0, -2), k], input),
  };
}
