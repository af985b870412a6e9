import torch

INITIALIZERS = {
    'uniform_': torch.nn.init.uniform_,
    'normal_': torch.nn.init.normal_,
    'truncNormal_': torch.nn.init.trunc_normal_,
    'orthogonal_': torch.nn.init.orthogonal_,
    'kaimingUniform_': torch.nn.init.kaiming_uniform_,
}


def setup(params):
    initializer = INITIALIZERS[params['fn']]
    tensors = [torch.empty(*shape) for shape in params['shapes']]

    def reinitialise():
        for t in tensors:
            initializer(t)

    return reinitialise
