import { describe, expect, it } from 'vitest';
import { IpcFailure } from '../../../shared/ipc/envelope';
import { createSecretStore, type SafeStorageLike } from './secretStore';

/** A stand-in for `safeStorage`: XOR with a fixed byte, enough to tell ciphertext from text. */
function fakeSafeStorage(options: { available: boolean; backend?: string }): SafeStorageLike & {
  encrypted: string[];
} {
  const encrypted: string[] = [];
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));
  return {
    encrypted,
    isEncryptionAvailable: () => options.available,
    encryptString(plainText) {
      encrypted.push(plainText);
      return flip(Buffer.from(plainText, 'utf8'));
    },
    decryptString(bytes) {
      if (bytes[0] === 0) throw new Error('Error while decrypting the ciphertext provided');
      return flip(bytes).toString('utf8');
    },
    ...(options.backend === undefined
      ? {}
      : { getSelectedStorageBackend: () => options.backend as string }),
  };
}

describe('the secret store', () => {
  it('encrypts with a real keychain and returns only base64 ciphertext', () => {
    for (const backend of [undefined, 'gnome_libsecret', 'kwallet6']) {
      const store = createSecretStore(fakeSafeStorage({ available: true, backend }));
      expect(store.status()).toBe('available');
      expect(store.explanation()).toBeNull();
      const sealed = store.seal('ATATT-secret-token');
      expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(sealed).not.toContain('secret');
      expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('secret');
      expect(store.open(sealed)).toBe('ATATT-secret-token');
    }
  });

  it('refuses the basic_text backend, naming the keyrings to install, and encrypts nothing', () => {
    const safeStorage = fakeSafeStorage({ available: true, backend: 'basic_text' });
    const store = createSecretStore(safeStorage);
    expect(store.status()).toBe('basic-text');
    expect(store.explanation()).toMatch(/gnome-keyring/);
    expect(store.explanation()).toMatch(/KWallet/);
    let caught: unknown;
    try {
      store.seal('ATATT-secret-token');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IpcFailure);
    expect((caught as IpcFailure).code).toBe('secrets-unavailable');
    expect((caught as IpcFailure).message).toMatch(/gnome-keyring/);
    expect((caught as IpcFailure).message).not.toContain('ATATT');
    expect(safeStorage.encrypted).toEqual([]);
  });

  it('refuses when encryption is unavailable or the backend is not known yet', () => {
    for (const options of [{ available: false }, { available: true, backend: 'unknown' }]) {
      const store = createSecretStore(fakeSafeStorage(options));
      expect(store.status()).toBe('unavailable');
      expect(() => store.seal('x')).toThrow(IpcFailure);
      expect(store.explanation()).toMatch(/no encrypted storage/);
    }
  });

  it('answers null for ciphertext it cannot decrypt, or when storage went away', () => {
    const store = createSecretStore(fakeSafeStorage({ available: true }));
    expect(store.open(Buffer.from([0, 1, 2]).toString('base64'))).toBeNull();
    const sealed = store.seal('token');
    expect(createSecretStore(fakeSafeStorage({ available: false })).open(sealed)).toBeNull();
  });
});
