import torch
from torch import nn


def setup(params):
    sizes, batch = params['sizes'], params['batch']
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    net = nn.Sequential(*layers)
    optimizer = torch.optim.SGD(net.parameters(), lr=params['lr'])
    inputs = torch.rand(batch, sizes[0])
    target = torch.randint(0, sizes[-1], (batch,))

    def step():
        loss = nn.functional.cross_entropy(net(inputs), target)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    return step
