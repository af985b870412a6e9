import { installDawn } from './lib/dawn.mjs';
await installDawn();
await import('@tensorflow/tfjs-backend-webgpu');
const tf = await import('@tensorflow/tfjs');
await tf.setBackend('webgpu'); await tf.ready();
const sync = (t) => t.reshape([-1]).slice(0, 1).data();
const time = async (f, reps = 8) => { for (let i=0;i<2;i++) await f(); const t0 = performance.now(); for (let i=0;i<reps;i++) await f(); return (performance.now()-t0)/reps; };
const cases = [['256', [256,256],[256,256], false,false],['1024',[1024,1024],[1024,1024],false,false],['fwd1',[128,784],[784,512],false,false],['fwd2',[128,512],[512,512],false,false],['dW1',[784,128],[128,512],true,false],['dx',[128,512],[512,512],false,true], ['sum0', [128,512]]];
const out = [];
for (const [label, sa, sb, ta, tb] of cases) {
  if (label === 'sum0') { const t = tf.randomUniform(sa); const ms = await time(async () => { const o = tf.sum(t, 0); await sync(o); o.dispose(); }); out.push(`${label} ${ms.toFixed(2)}`); continue; }
  const a = tf.randomUniform(ta ? [sa[1], sa[0]] : sa), b = tf.randomUniform(tb ? [sb[1], sb[0]] : sb);
  const ms = await time(async () => { const o = tf.matMul(a, b, ta, tb); await sync(o); o.dispose(); }, label === '1024' ? 3 : 8);
  out.push(`${label} ${ms.toFixed(1)}`);
}
console.log(out.join('  '));
process.exit(0);
