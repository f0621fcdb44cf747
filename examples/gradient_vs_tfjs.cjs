// tf.js's own resizeBilinear gradient against ours on a non-square image, in PyTorch's
// align_corners=False convention (tf.js: halfPixelCenters=true).
const tf = require('@tensorflow/tfjs');
const {interpolate} = require('..');

// torch.autograd of F.interpolate(arange(6).reshape(1,1,2,3), size=(4,6), mode='bilinear')
// with grad_output = arange(24).reshape(1,1,4,6), PyTorch 1.13.1:
const pytorch = [17.5, 25, 32.5, 59.5, 67, 74.5];

(async () => {
  await tf.setBackend('cpu');
  const x = tf.tensor4d([0, 1, 2, 3, 4, 5], [1, 1, 2, 3]);
  const dy = tf.range(0, 24).reshape([1, 1, 4, 6]);
  const ours = tf.grad((t) => interpolate(t, {size: [4, 6], mode: 'bilinear'}))(x, dy);
  console.log('ours:   ', Array.from(await ours.data()));
  console.log('PyTorch:', pytorch);
  const nhwc = x.transpose([0, 2, 3, 1]);
  try {
    const theirs = tf.grad((t) => tf.image.resizeBilinear(t, [4, 6], false, true))(nhwc, dy.transpose([0, 2, 3, 1]));
    console.log('tf.js:  ', Array.from(await theirs.data()));
  } catch (e) {
    console.log('tf.js:   throws:', e.message.split('\n')[0]);
  }
})();
