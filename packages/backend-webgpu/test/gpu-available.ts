import { test } from 'vitest';
import { isAvailable } from '../src';

/**
 * Whether the WebGPU tests can run here. Without an adapter they are skipped with a message
 * saying why, unless X_REQUIRE_WEBGPU=1, which turns the missing adapter into a failure.
 */
export const hasWebGPU = await isAvailable();
export const requireWebGPU = process.env.X_REQUIRE_WEBGPU === '1';
// The test command's set-up script says what it found missing and what to run.
const reason = `no WebGPU adapter: Dawn found no Vulkan/Metal/D3D12 driver (${
  process.env.X_TEST_ENV_WEBGPU ??
  "Mesa's lavapipe provides one: run scripts/setup-test-env.sh as root on Debian"
})`;

/** Registers a visible skip (or, with X_REQUIRE_WEBGPU=1, a failure) when there is no adapter. */
export function reportMissingWebGPU(suite: string): void {
  if (hasWebGPU) return;
  if (requireWebGPU) {
    test(`${suite}: WebGPU is required (X_REQUIRE_WEBGPU=1)`, () => {
      throw new Error(`${suite}: ${reason}`);
    });
  } else {
    console.warn(`[${suite}] skipped: ${reason}; set X_REQUIRE_WEBGPU=1 to fail instead`);
    test.skip(`${suite}: skipped, ${reason}`, () => {});
  }
}
