import { describeBackend } from '../../tensor/test/conformance/suite';
import { webgpu } from '../src';
import { hasWebGPU, reportMissingWebGPU } from './gpu-available';

reportMissingWebGPU('WebGPU backend conformance');
if (hasWebGPU) describeBackend('webgpu', () => webgpu());
