#!/usr/bin/env node
// Times onnxruntime's CPU execution provider on one model, the peer that
// `trtinfer bench` is compared against. Prints one JSON object like
// `trtinfer bench --json`: throughput_qps and latency_ms {min, mean, median,
// p90, p95, p99}.
//
//   node ort-bench.js MODEL.onnx [--threads N] [--batch N] [--warmup MS]
//                     [--duration S] [--input-shape NAME=DIMS]... [--no-spin]
const ort = require('onnxruntime-node');

function parseArgs(argv) {
  const args = {threads: 1, batch: 1, warmup: 200, duration: 3, shapes: {}};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--threads') args.threads = Number(argv[++i]);
    else if (a === '--batch') args.batch = Number(argv[++i]);
    else if (a === '--warmup') args.warmup = Number(argv[++i]);
    else if (a === '--duration') args.duration = Number(argv[++i]);
    else if (a === '--no-spin') args.noSpin = true;
    else if (a === '--input-shape') {
      const [name, dims] = argv[++i].split('=');
      args.shapes[name] = dims.split('x').map(Number);
    } else if (!args.model) args.model = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.model) throw new Error('usage: ort-bench.js MODEL [options]');
  return args;
}

const typedArrays = {float32: Float32Array, int64: BigInt64Array, int32: Int32Array};

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
}

(async () => {
  const args = parseArgs(process.argv.slice(2));
  const session = await ort.InferenceSession.create(args.model, {
    intraOpNumThreads: args.threads, interOpNumThreads: 1,
    executionMode: 'sequential', graphOptimizationLevel: 'all',
    // --no-spin: idle pool threads sleep instead of spinning (what
    // OMP_WAIT_POLICY=passive does for trtinfer's OpenMP threads).
    ...(args.noSpin ? {extra: {session: {intra_op: {allow_spinning: '0'}}}} : {})});
  const feeds = {};
  for (const name of session.inputNames) {
    const meta = session.inputMetadata.find((m) => m.name === name) || {};
    let dims = args.shapes[name] || (meta.shape || []).map((d) => (typeof d === 'number' && d > 0 ? d : 1));
    if (!args.shapes[name] && dims.length) dims[0] = args.batch;
    const type = meta.type || 'float32';
    const n = dims.reduce((a, b) => a * b, 1);
    const Arr = typedArrays[type] || Float32Array;
    const data = new Arr(n);
    if (Arr === Float32Array) for (let i = 0; i < n; i++) data[i] = (i % 255) / 255;
    feeds[name] = new ort.Tensor(type, data, dims);
  }
  const warmEnd = performance.now() + args.warmup;
  do await session.run(feeds); while (performance.now() < warmEnd);
  const times = [];
  const end = performance.now() + args.duration * 1000;
  while (performance.now() < end || times.length < 10) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({
    peer: `onnxruntime-node ${require('onnxruntime-node/package.json').version}`,
    threads: args.threads, batch: args.batch, iterations: times.length,
    throughput_qps: (times.length * args.batch) / (total / 1000),
    latency_ms: {min: sorted[0], mean: total / times.length, median: percentile(sorted, 50),
                 p90: percentile(sorted, 90), p95: percentile(sorted, 95), p99: percentile(sorted, 99)},
  }));
})().catch((e) => { console.error(`ort-bench: ${e.message}`); process.exit(1); });
