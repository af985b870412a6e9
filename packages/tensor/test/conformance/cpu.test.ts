import { cpu } from '@x/tensor';
import { describeBackend } from './suite';

describeBackend('cpu', async () => cpu);
