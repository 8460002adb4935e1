/**
 * What the performance model knows of a kind of job: its gradient size (what each step all-reduces)
 * and, for the models Gavel measured, its throughput on each GPU type. Device speeds relative to a
 * V100 cover the devices no table measured (A100, H100, MI300, ...).
 */

/** Training speed relative to a V100, for devices without measurements (overridable). K80 and P100 are Gavel's medians. */
export const DEFAULT_RELATIVE_SPEED: Readonly<Record<string, number>> = {
  k80: 0.25,
  p100: 0.81,
  p40: 0.75,
  t4: 0.5,
  v100: 1,
  a10: 0.9,
  l4: 0.9,
  a40: 1.3,
  l40s: 1.8,
  a100: 2,
  h100: 3.5,
  h200: 4,
  b200: 6,
  mi250: 1.8,
  mi300: 3.3,
  cpu: 0.02,
};

const MB = 1e6;

/** Approximate fp32 gradient sizes (parameter counts × 4 bytes) of the models in the traces. */
export const GRADIENT_BYTES: Readonly<Record<string, number>> = {
  'resnet-18': 47 * MB,
  'resnet-50': 102 * MB,
  resnet50: 102 * MB,
  resnet101: 178 * MB,
  transformer: 260 * MB,
  a3c: 12 * MB,
  lm: 130 * MB,
  recommendation: 96 * MB,
  cyclegan: 114 * MB,
  vgg11: 531 * MB,
  vgg16: 553 * MB,
  vgg19: 575 * MB,
  alexnet: 244 * MB,
  googlenet: 28 * MB,
  inception3: 95 * MB,
  inception4: 171 * MB,
  bert: 440 * MB,
  cifar10: 45 * MB,
  deepspeech2: 150 * MB,
  imagenet: 102 * MB,
  ncf: 20 * MB,
  yolov3: 250 * MB,
};

/** Gradient size of a job whose model is unknown (a ResNet-50). */
export const DEFAULT_GRADIENT_BYTES = 102 * MB;

/** Looks up a model's gradient size by its family name ("ResNet-50 (batch size 64)" -> resnet-50). */
export function gradientBytesOf(model: string | undefined): number {
  if (!model) return DEFAULT_GRADIENT_BYTES;
  const key = model.toLowerCase().replace(/\s*\(.*$/, '').trim();
  return GRADIENT_BYTES[key] ?? DEFAULT_GRADIENT_BYTES;
}
