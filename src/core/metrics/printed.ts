/**
 * Metrics as training scripts already print them, recognised without configuration. One parser per
 * form; `parsePrintedMetric` tries them in order and the first that reads the line wins:
 *
 *   openclaw   `@openclaw {"step": 120, "loss": 0.42}`
 *   hf         the Hugging Face Trainer's dicts: `{'loss': 0.41, 'learning_rate': 4.9e-05, 'epoch': 0.12}`
 *   lightning  Lightning's progress bar (tqdm or rich) and its end-of-run metric table rows
 *   steps      `step 120 loss 0.4213`, `iter 50: loss 2.31, time 12.3ms`, `Step 120/1000 | loss 0.42`
 *   pairs      `epoch=3 step=900 val_loss=0.2`, `step: 100 | loss: 0.4213 | acc: 91.2%`
 *
 * A progress bar rewrites its line with `\r`: the last segment that parses is the freshest.
 */
import { parseMetricLine, type MetricLine } from '../metric-line';

export const PRINTED_FORMS = ['openclaw', 'hf', 'lightning', 'steps', 'pairs'] as const;
export type PrintedForm = (typeof PRINTED_FORMS)[number];

export interface PrintedMetric extends MetricLine {
  form: PrintedForm;
}

/** Lines (or \r segments) longer than this are not metric lines (a dumped tensor, a base64 blob). */
export const MAX_METRIC_LINE = 4096;

type Parser = (line: string) => MetricLine | undefined;

const PARSERS: Record<PrintedForm, Parser> = {
  openclaw: parseMetricLine,
  hf: parseHfDict,
  lightning: parseLightning,
  steps: parseStepLine,
  pairs: parsePairs,
};

/** Reads one printed line with the forms allowed (all by default). */
export function parsePrintedMetric(line: string, forms: readonly PrintedForm[] = PRINTED_FORMS): PrintedMetric | undefined {
  // A progress bar's epoch is one line of many \r updates: only its last few are looked at.
  const segments = line.includes('\r') ? line.slice(Math.max(0, line.length - 4 * MAX_METRIC_LINE)).split('\r').reverse().slice(0, 4) : [line];
  for (const raw of segments) {
    if (raw.length > MAX_METRIC_LINE) continue;
    const segment = stripAnsi(raw).trim();
    if (!segment) continue;
    for (const form of forms) {
      const parsed = PARSERS[form](segment);
      if (parsed && Object.keys(parsed.values).length > 0) return { ...parsed, form };
    }
  }
  return undefined;
}

/**
 * The last whole `\r` segment of a line still being written (a progress bar between two updates),
 * or undefined: what a backend reads for metrics before the line ends.
 */
export function lastProgressSegment(unfinished: string): string | undefined {
  const cr = unfinished.lastIndexOf('\r');
  if (cr <= 0) return undefined;
  return unfinished.slice(unfinished.lastIndexOf('\r', cr - 1) + 1, cr);
}

// Colour codes (rich, tqdm with colour) would otherwise glue themselves to keys and values.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
function stripAnsi(s: string): string {
  return s.includes('\u001b') ? s.replace(ANSI, '') : s;
}

/** A number as Python or a logger prints it, with an optional unit that is dropped (`12.3ms`, `91%`). */
const NUMBER = String.raw`[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf|NaN|Inf)`;
const UNIT = String.raw`(?:%|ms|s|it\/s|s\/it|/s)?`;
const KEY = String.raw`[A-Za-z_][\w.\-/]*`;

function toNumber(text: string): number | undefined {
  const v = Number(text.toLowerCase() === 'nan' ? NaN : /^[-+]?inf$/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : text);
  return Number.isFinite(v) ? v : undefined;
}

function withStep(values: Record<string, number>): MetricLine {
  const out: MetricLine = { values };
  const step = values.step ?? values.global_step ?? values.iter ?? values.iteration;
  if (step !== undefined) out.step = step;
  if (values.totalSteps !== undefined) out.totalSteps = values.totalSteps;
  return out;
}

// --- hf: the Trainer's printed dicts --------------------------------------------------------------

const HF_ENTRY = new RegExp(String.raw`'(${KEY})':\s*(?:'(${NUMBER})'|(${NUMBER}))\s*(?=[,}])`, 'g');

/** `{'loss': 0.41, 'grad_norm': 1.2, 'learning_rate': 4.9e-05, 'epoch': 0.12}` (values may be quoted). */
export function parseHfDict(line: string): MetricLine | undefined {
  if (!line.startsWith("{'") || !line.endsWith('}')) return undefined;
  const values: Record<string, number> = {};
  for (const m of line.matchAll(HF_ENTRY)) {
    const v = toNumber(m[2] ?? m[3]!);
    if (v !== undefined) values[m[1]!] = v;
  }
  return withStep(values);
}

// --- lightning: progress bars and the metric table -------------------------------------------------

const TQDM_BAR = /^(?:Epoch (\d+)|Validation|Testing|Predicting|Sanity Checking)[^:]*:\s*\d+%\|[^|]*\|\s*(\d+)\/(\d+)\s*\[([^\]]*)\]/;
// Box-drawing characters as escapes (rich's bar: ━ ╸ ╺ ─; its table: │): the CLI's bundles stay
// ASCII (scripts/ascii-bundle.mjs).
const RICH_BAR = /^Epoch (\d+)(?:\/(\d+))?\s+[\u2501\u2578\u257a\-\u2500 ]+\s*(\d+)\/(\d+)\s+(.*)$/;
const TABLE_ROW = new RegExp(String.raw`^[\u2502|]\s*(${KEY})\s*[\u2502|]\s*(${NUMBER})\s*[\u2502|]`);

/**
 * Lightning's tqdm bar `Epoch 1:  45%|████▌     | 450/1000 [00:12<00:15, 36.5it/s, v_num=0, train_loss=0.412]`,
 * its rich bar `Epoch 1/9  ━━━━━━━━ 450/1000 0:00:12 • 0:00:15 36.51it/s v_num: 0 train_loss: 0.412`,
 * and a row of the table `trainer.test()` prints: `│ test_loss │ 0.2345 │`.
 */
export function parseLightning(line: string): MetricLine | undefined {
  const row = TABLE_ROW.exec(line);
  if (row) {
    const v = toNumber(row[2]!);
    return v === undefined ? undefined : { values: { [row[1]!]: v } };
  }
  const tqdm = TQDM_BAR.exec(line);
  if (tqdm) {
    // Validation and test bars carry no training progress worth charting.
    if (tqdm[1] === undefined) return undefined;
    const values: Record<string, number> = { epoch: Number(tqdm[1]), epochStep: Number(tqdm[2]), epochSteps: Number(tqdm[3]) };
    const postfix = tqdm[4]!.split(',').map((s) => s.trim());
    for (const item of postfix) {
      const rate = /^(\d+\.?\d*)(it\/s|s\/it)$/.exec(item);
      if (rate) values[rate[2] === 'it/s' ? 'itPerSec' : 'secPerIt'] = Number(rate[1]);
      const kv = new RegExp(String.raw`^(${KEY})=(${NUMBER})$`).exec(item);
      if (kv && kv[1] !== 'v_num') {
        const v = toNumber(kv[2]!);
        if (v !== undefined) values[kv[1]!] = v;
      }
    }
    return { values };
  }
  const rich = RICH_BAR.exec(line);
  if (rich) {
    const values: Record<string, number> = { epoch: Number(rich[1]), epochStep: Number(rich[3]), epochSteps: Number(rich[4]) };
    const rate = /(\d+\.?\d*)it\/s/.exec(rich[5]!);
    if (rate) values.itPerSec = Number(rate[1]);
    for (const m of rich[5]!.matchAll(new RegExp(String.raw`(${KEY}):\s*(${NUMBER})(?=\s|$)`, 'g'))) {
      const v = toNumber(m[2]!);
      if (v !== undefined && m[1] !== 'v_num') values[m[1]!] = v;
    }
    return { values };
  }
  return undefined;
}

// --- steps: `step 120 loss 0.42`, nanoGPT's `iter 50: loss 2.31, time 12.3ms` ------------------------

const STEP_HEAD = new RegExp(String.raw`^\[?(step|iter|iteration|epoch|global_step)\]?\s*[:#]?\s*(\d+)(?:\s*\/\s*(\d+))?\]?[:,|]?\s+`, 'i');
const WORD_VALUE = new RegExp(String.raw`(?:^|[\s,|;\[(])(${KEY})\s*[:=]?\s*(${NUMBER})${UNIT}(?=$|[\s,|;\])])`, 'g');

/** A line that starts with its step (or iteration, or epoch), followed by `name value` pairs. */
export function parseStepLine(line: string): MetricLine | undefined {
  const head = STEP_HEAD.exec(line);
  if (!head) return undefined;
  const key = head[1]!.toLowerCase() === 'epoch' ? 'epoch' : 'step';
  const values: Record<string, number> = { [key]: Number(head[2]) };
  if (head[3] !== undefined && key === 'step') values.totalSteps = Number(head[3]);
  const rest = line.slice(head[0].length);
  let found = 0;
  for (const m of rest.matchAll(WORD_VALUE)) {
    const v = toNumber(m[2]!);
    if (v === undefined) continue;
    values[m[1]!.toLowerCase() === 'step' ? 'step' : m[1]!] = v;
    found++;
  }
  // "Epoch 3 started" is not a metric line: a step must come with at least one value.
  return found > 0 ? withStep(values) : undefined;
}

// --- pairs: `key=value` and `key: value` anywhere in the line ---------------------------------------

const EQ_PAIR = new RegExp(String.raw`(?:^|[\s,|;(\[])(${KEY})=(${NUMBER})${UNIT}(?:\/(\d+))?(?=$|[\s,|;)\]])`, 'g');
const COLON_PAIR = new RegExp(String.raw`(?:^|[\s,|;(\[])(${KEY}):\s*(${NUMBER})${UNIT}(?:\/(\d+))?(?=$|[\s,|;)\]])`, 'g');
/** Words that start a log line, not a measurement: `INFO: 3 files`, `Warning: 2 retries`. */
const NOT_METRICS = new Set(['info', 'warning', 'warn', 'error', 'debug', 'note', 'time', 'date', 'pid', 'port', 'line', 'rank', 'world_size', 'local_rank', 'v_num']);

/** `epoch=3 step=900 val_loss=0.2` or `step: 100 | loss: 0.4213 | acc: 91.2%`; `step: 120/1000` gives the total too. */
export function parsePairs(line: string): MetricLine | undefined {
  const values: Record<string, number> = {};
  for (const re of [EQ_PAIR, COLON_PAIR]) {
    for (const m of line.matchAll(re)) {
      const name = m[1]!;
      if (NOT_METRICS.has(name.toLowerCase())) continue;
      const v = toNumber(m[2]!);
      if (v === undefined) continue;
      const key = /^(step|global_step)$/i.test(name) ? 'step' : name;
      values[key] = v;
      if (key === 'step' && m[3] !== undefined) values.totalSteps = Number(m[3]);
    }
    if (Object.keys(values).length > 0) break;
  }
  return withStep(values);
}
