"""PyTorch's side of bench/workloads/loops.mjs: `python3 loops.py <steps>`.

The same MLP 784-256-256-10 (ReLU), batch 128, plain SGD (lr 0.01) loop, reading the loss each
step; prints one JSON line: steps/s over the run and the process's peak RSS (ru_maxrss).
"""
import json
import resource
import sys
import time

import torch
from torch import nn

SIZES = [784, 256, 256, 10]
BATCH = 128


def main():
    steps = int(sys.argv[1])
    torch.set_num_threads(1)
    torch.manual_seed(0)
    layers = []
    for i in range(len(SIZES) - 1):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(SIZES[i], SIZES[i + 1]))
    net = nn.Sequential(*layers)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    inputs = torch.rand(BATCH, SIZES[0])
    target = torch.randint(0, SIZES[-1], (BATCH,))
    losses = []
    start = time.perf_counter()
    for i in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(net(inputs), target)
        loss.backward()
        optimizer.step()
        value = loss.item()
        if i in (0, steps - 1):
            losses.append(value)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps({
        'stepsPerSecond': steps / seconds,
        'peakRssBytes': peak,
        'firstLoss': losses[0],
        'lastLoss': losses[-1],
    }))


if __name__ == '__main__':
    main()
