import { webgpu } from '@x/backend-webgpu';
import type { Backend } from '@x/tensor';

/**
 * The WebGPU backend for tests, or the reason there is none. Without an adapter the GPU
 * tests skip with that reason, unless X_REQUIRE_WEBGPU=1 makes a missing GPU a failure.
 */
export async function tryWebgpu(): Promise<{ backend: Backend | null; reason: string }> {
  try {
    return { backend: await webgpu(), reason: '' };
  } catch (error) {
    if (process.env.X_REQUIRE_WEBGPU === '1') throw error;
    // The test command's set-up script says what it found missing and what to run.
    const setup =
      process.env.X_TEST_ENV_WEBGPU ?? 'run scripts/setup-test-env.sh as root on Debian';
    return { backend: null, reason: `no WebGPU adapter (${(error as Error).message}; ${setup})` };
  }
}
