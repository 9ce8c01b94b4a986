import { vi } from 'vitest';

// Electron 45 starts a binary download on a bare `require('electron')`: any test that reaches
// `electron` without mocking it must fail at once, loudly, instead.
vi.mock('electron', () => {
  throw new Error('electron was imported without vi.mock("electron") in this test');
});
