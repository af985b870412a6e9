import torch


def setup(params):
    n = params['n']
    a, b = torch.rand(n, n), torch.rand(n, n)
    lhs = a.t() if params['transA'] else a
    rhs = b.t() if params['transB'] else b
    return lambda: lhs @ rhs
