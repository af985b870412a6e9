import fixture from './fixtures/random/torch.json';

/**
 * PyTorch 1.13's draws after `torch.manual_seed(seed)` (fixtures/random/generate.py): the
 * bits every backend's seeded fills must reproduce.
 */
export const TORCH_RANDOM = fixture;
