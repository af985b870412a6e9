import torch


def setup(params):
    m, k, n = params['m'], params['k'], params['n']
    # A transposed operand is a transposed view of a matrix stored flipped.
    a = torch.rand(k, m).t() if params['transA'] else torch.rand(m, k)
    b = torch.rand(n, k).t() if params['transB'] else torch.rand(k, n)
    return lambda: a @ b
