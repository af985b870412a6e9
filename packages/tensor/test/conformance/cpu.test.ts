import { cpu } from '@x/tensor';
import { describeBackend } from '@x/tensor/testing';

describeBackend('cpu', async () => cpu);
