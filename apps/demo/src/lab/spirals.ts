import { type Generator, rand, randn, type Tensor, tensor } from '@x/tensor';

export interface Spirals {
  /** Points, [2 * pointsPerClass, 2], each coordinate scaled to unit standard deviation. */
  readonly inputs: Tensor;
  /** Class of each point, 0 or 1, as int32 [2 * pointsPerClass]. */
  readonly labels: Tensor;
}

/** How far each spiral winds and how much noise blurs it. */
const TURNS = 1.5;
const NOISE = 0.03;

/**
 * Two interleaved spirals, the classic task a plain MLP needs depth for. Point i of class c
 * sits at radius r = sqrt(u) (so points spread evenly over the area) and angle
 * 2π·TURNS·r + π·c, plus Gaussian noise. Drawn from `generator` on the CPU, so a seed gives
 * the same points everywhere.
 *
 * @example
 * const { inputs, labels } = twoSpirals(128, new Generator({ seed: 0 }));  // 256 points
 */
export function twoSpirals(pointsPerClass: number, generator: Generator): Spirals {
  const count = 2 * pointsPerClass;
  const radii = rand([count], { generator }).toArraySync();
  const noise = randn([count, 2], { generator }).toArraySync();
  const coordinates = new Float32Array(count * 2);
  const classes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i < pointsPerClass ? 0 : 1;
    const radius = Math.sqrt(radii[i]);
    const angle = 2 * Math.PI * TURNS * radius + Math.PI * label;
    coordinates[2 * i] = radius * Math.cos(angle) + NOISE * noise[2 * i];
    coordinates[2 * i + 1] = radius * Math.sin(angle) + NOISE * noise[2 * i + 1];
    classes[i] = label;
  }
  standardize(coordinates);
  return {
    inputs: tensor(coordinates, { shape: [count, 2] }),
    labels: tensor(classes, { shape: [count], dtype: 'int32' }),
  };
}

/** Scales x and y to unit standard deviation about their means, in place. */
function standardize(coordinates: Float32Array): void {
  const count = coordinates.length / 2;
  for (let axis = 0; axis < 2; axis++) {
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < count; i++) sum += coordinates[2 * i + axis];
    const mean = sum / count;
    for (let i = 0; i < count; i++) sumSquares += (coordinates[2 * i + axis] - mean) ** 2;
    const std = Math.sqrt(sumSquares / count);
    for (let i = 0; i < count; i++) {
      coordinates[2 * i + axis] = (coordinates[2 * i + axis] - mean) / std;
    }
  }
}
