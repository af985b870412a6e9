import torch


def setup(params):
    target = torch.empty(params['n'])
    if params['distribution'] == 'uniform':
        return target.uniform_
    return target.normal_
