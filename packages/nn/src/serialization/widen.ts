// F16 and BF16 widened to float32 bits with WebAssembly SIMD, 8 values a step, exactly
// (NaN payloads and the signalling bit kept): a JS loop manages a quarter of the 1 GB/s
// that loading should reach. The module is assembled here from its opcodes (about 300
// bytes); where SIMD is missing, the JS loops below do the same work.

/** Elements widened per call; the module's memory holds one chunk in and one out. */
export const WIDEN_CHUNK = 1 << 18;
const INPUT = 0;
const OUTPUT = 2 * WIDEN_CHUNK;
const PAGES = (6 * WIDEN_CHUNK) / 65536 + 1;

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (text: string) => vec([...text].map((c) => [c.charCodeAt(0)]));

// Instructions used (WebAssembly core and SIMD opcodes).
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const i32 = (n: number) => [0x41, ...sleb(n)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const splat = (bits: number) => [
  ...simd(0x0c),
  ...new Uint8Array(Uint32Array.of(bits, bits, bits, bits).buffer),
];
const load = [...simd(0x00), 4, 0];
const store = (offset: number) => [...simd(0x0b), 4, ...uleb(offset)];
const and = simd(0x4e);
const or = simd(0x50);
const bitselect = simd(0x52);
const eq = simd(0x37);
const extendLow = simd(0xa9);
const extendHigh = simd(0xaa);
const shl = simd(0xab);
const add = simd(0xae);
const toFloat = simd(0xfb);
const mul = simd(0xe6);

const [SRC, DST, N, V, X, T] = [0, 1, 2, 3, 4, 5];

/** float32 bits of the four halves in local X (uint16 lanes widened to i32). */
const half4 = [
  // Subnormals and zeros: fraction · 2^-24, exact in float32.
  ...get(X),
  ...splat(0x7fff),
  ...and,
  ...toFloat,
  ...splat(0x33800000),
  ...mul,
  // Normal numbers: exponent rebased by 112; inf and NaN by 224, fraction kept.
  ...get(X),
  ...splat(0x7fff),
  ...and,
  ...i32(13),
  ...shl,
  ...splat(0x38000000),
  ...add,
  ...set(T),
  ...get(T),
  ...splat(0x38000000),
  ...add,
  ...get(T),
  ...get(X),
  ...splat(0x7c00),
  ...and,
  ...splat(0x7c00),
  ...eq,
  ...bitselect,
  ...get(X),
  ...splat(0x7c00),
  ...and,
  ...splat(0),
  ...eq,
  ...bitselect,
  ...get(X),
  ...splat(0x8000),
  ...and,
  ...i32(16),
  ...shl,
  ...or,
];

/** A loop over `n` (a multiple of 8) halves at SRC, writing float32 bits at DST. */
function widenLoop(low: number[], high: number[]): number[] {
  const body = [
    ...get(SRC),
    ...load,
    ...set(V),
    ...get(DST),
    ...low,
    ...store(0),
    ...get(DST),
    ...high,
    ...store(16),
    ...get(SRC),
    ...i32(16),
    0x6a,
    ...set(SRC),
    ...get(DST),
    ...i32(32),
    0x6a,
    ...set(DST),
    ...get(N),
    ...i32(8),
    0x6b,
    ...set(N),
    ...get(N),
    ...i32(0),
    0x4a,
    0x0d,
    0,
  ];
  const code = [0x02, 0x40, ...get(N), 0x45, 0x0d, 0, 0x03, 0x40, ...body, 0x0b, 0x0b, 0x0b];
  const locals = vec([[3, 0x7b]]);
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

const bf16 = widenLoop(
  [...get(V), ...extendLow, ...i32(16), ...shl],
  [...get(V), ...extendHigh, ...i32(16), ...shl],
);
const f16 = widenLoop(
  [...get(V), ...extendLow, ...set(X), ...half4],
  [...get(V), ...extendHigh, ...set(X), ...half4],
);

const MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, vec([[0x60, 3, 0x7f, 0x7f, 0x7f, 0]])),
  ...section(3, vec([[0], [0]])),
  ...section(5, vec([[0, ...uleb(PAGES)]])),
  ...section(
    7,
    vec([
      [...name('memory'), 2, 0],
      [...name('bf16'), 0, 0],
      [...name('f16'), 0, 1],
    ]),
  ),
  ...section(10, vec([bf16, f16])),
]);

interface Widener {
  memory: WebAssembly.Memory;
  bf16(src: number, dst: number, n: number): void;
  f16(src: number, dst: number, n: number): void;
}

let widener: Widener | null | undefined;

/** The SIMD module, or null where this engine has no WebAssembly SIMD. */
function simdWidener(): Widener | null {
  if (widener !== undefined) return widener;
  try {
    widener = new WebAssembly.Instance(new WebAssembly.Module(MODULE))
      .exports as unknown as Widener;
  } catch {
    widener = null;
  }
  return widener;
}

let halfTable: Uint32Array | undefined;

/** float32 bits of every half-precision value, for engines without SIMD. */
function halfToFloatBits(): Uint32Array {
  if (halfTable !== undefined) return halfTable;
  halfTable = new Uint32Array(65536);
  const float = new Float32Array(1);
  const bits = new Uint32Array(float.buffer);
  for (let h = 0; h < 65536; h++) {
    const sign = (h & 0x8000) << 16;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0x1f) {
      halfTable[h] = sign | 0x7f800000 | (fraction << 13);
    } else if (exponent === 0) {
      float[0] = fraction * 2 ** -24;
      halfTable[h] = sign | bits[0];
    } else {
      halfTable[h] = sign | ((exponent + 112) << 23) | (fraction << 13);
    }
  }
  return halfTable;
}

/**
 * Widens `bytes` (at most WIDEN_CHUNK little-endian F16 or BF16 values) to float32 and
 * returns them; the array is reused by the next call.
 */
export function widenHalves(bytes: Uint8Array, dtype: 'F16' | 'BF16'): Float32Array {
  const count = bytes.byteLength / 2;
  const simd = simdWidener();
  if (simd !== null) {
    new Uint8Array(simd.memory.buffer, INPUT, bytes.byteLength).set(bytes);
    simd[dtype === 'F16' ? 'f16' : 'bf16'](INPUT, OUTPUT, Math.ceil(count / 8) * 8);
    return new Float32Array(simd.memory.buffer, OUTPUT, count);
  }
  return widenHalvesInJs(bytes, dtype);
}

/** widenHalves without WebAssembly: a fresh array each call. */
export function widenHalvesInJs(bytes: Uint8Array, dtype: 'F16' | 'BF16'): Float32Array {
  const count = bytes.byteLength / 2;
  const halves = new Uint16Array(bytes.slice().buffer);
  const out = new Uint32Array(count);
  if (dtype === 'BF16') for (let i = 0; i < count; i++) out[i] = halves[i] << 16;
  else {
    const table = halfToFloatBits();
    for (let i = 0; i < count; i++) out[i] = table[halves[i]];
  }
  return new Float32Array(out.buffer);
}
