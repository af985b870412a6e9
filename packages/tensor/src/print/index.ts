export { type FormatTensorOptions, formatTensor, type PrintDType } from './format';
export { formatExp, formatFixed } from './number';
export {
  getPrintOptions,
  type PrintOptions,
  type PrintProfile,
  type ResolvedPrintOptions,
  setPrintOptions,
} from './options';
