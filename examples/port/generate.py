"""Exports a tiny PyTorch segmentation decoder for the tf.js port example (examples/port/port.cjs).

The model resizes feature maps with F.interpolate the way FPN / U-Net / PSPNet decoders do:
  * `area` to pool the deepest features to 2x2 (adaptive average pooling, PSPNet's pyramid),
  * `bilinear` with align_corners=False to bring the pooled branch back and in the second up step,
  * `nearest` with scale_factor=2 in the first up step,
  * `bicubic` to resize the logits to the output resolution.

Writes examples/port/model.json (layer shapes, byte offsets) and examples/port/model.bin
(little-endian float32): the weights, a sample input, PyTorch's output, the loss target, the loss
and every weight's gradient after one backward pass of that loss.

Usage: ATEN_CPU_CAPABILITY=default /usr/bin/python3 examples/port/generate.py
(`ATEN_CPU_CAPABILITY=default` picks PyTorch's kernels without fused multiply-adds.)
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


class TinyDecoder(nn.Module):
    """Encoder of three convs (two with stride 2), a pooled context branch and a two-step decoder."""

    def __init__(self):
        super().__init__()
        self.enc1 = nn.Conv2d(3, 4, 3, padding=1)
        self.enc2 = nn.Conv2d(4, 8, 3, stride=2, padding=1)
        self.bn2 = nn.BatchNorm2d(8)
        self.enc3 = nn.Conv2d(8, 8, 3, stride=2, padding=1)
        self.context = nn.Conv2d(8, 4, 1)
        self.dec1 = nn.Conv2d(12 + 8, 8, 3, padding=1)
        self.dec2 = nn.Conv2d(8 + 4, 4, 3, padding=1)
        self.head = nn.Conv2d(4, 2, 1)

    def forward(self, x):
        e1 = F.relu(self.enc1(x))                       # 4 x 32 x 32
        e2 = F.relu(self.bn2(self.enc2(e1)))            # 8 x 16 x 16
        e3 = F.relu(self.enc3(e2))                      # 8 x 8 x 8
        c = F.interpolate(e3, size=(2, 2), mode='area')
        c = F.relu(self.context(c))
        c = F.interpolate(c, size=e3.shape[-2:], mode='bilinear', align_corners=False)
        d = torch.cat([e3, c], dim=1)                   # 12 x 8 x 8
        d = F.interpolate(d, scale_factor=2, mode='nearest')
        d = F.relu(self.dec1(torch.cat([d, e2], dim=1)))  # 8 x 16 x 16
        d = F.interpolate(d, scale_factor=2, mode='bilinear', align_corners=False)
        d = F.relu(self.dec2(torch.cat([d, e1], dim=1)))  # 4 x 32 x 32
        y = self.head(d)                                # 2 x 32 x 32
        return F.interpolate(y, size=(48, 48), mode='bicubic', align_corners=False)


def main():
    torch.set_num_threads(1)
    torch.manual_seed(14)
    model = TinyDecoder()
    # Non-trivial running statistics, as a trained model has; the model runs in eval mode.
    with torch.no_grad():
        model.bn2.running_mean.uniform_(-0.2, 0.2)
        model.bn2.running_var.uniform_(0.5, 1.5)
        model.bn2.weight.uniform_(0.5, 1.5)
        model.bn2.bias.uniform_(-0.1, 0.1)
    model.eval()

    x = torch.rand(1, 3, 32, 32)
    target = torch.rand(1, 2, 48, 48)
    y = model(x)
    loss = F.mse_loss(y, target)
    loss.backward()

    tensors = []  # (name, array) in file order
    for name, t in model.state_dict().items():
        if name.endswith('num_batches_tracked'):
            continue
        tensors.append(('weight/' + name, t.detach().numpy()))
    tensors.append(('input', x.numpy()))
    tensors.append(('output', y.detach().numpy()))
    tensors.append(('target', target.numpy()))
    tensors.append(('loss', loss.detach().numpy().reshape(1)))
    for name, p in model.named_parameters():
        tensors.append(('grad/' + name, p.grad.numpy()))

    entries, chunks, offset = [], [], 0
    for name, a in tensors:
        data = np.ascontiguousarray(a, dtype='<f4').tobytes()
        entries.append({'name': name, 'shape': list(a.shape), 'offset': offset})
        chunks.append(data)
        offset += len(data)
    with open(os.path.join(HERE, 'model.bin'), 'wb') as f:
        f.write(b''.join(chunks))
    with open(os.path.join(HERE, 'model.json'), 'w') as f:
        json.dump({'generator': 'examples/port/generate.py', 'torch': torch.__version__,
                   'layout': 'NCHW, OIHW, little-endian float32', 'tensors': entries}, f, indent=1)
        f.write('\n')
    print(f'wrote model.json and model.bin ({offset} bytes), loss {loss.item():.6f}')


if __name__ == '__main__':
    main()
