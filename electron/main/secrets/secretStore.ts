/**
 * Secrets (the Jira token) encrypted with Electron's `safeStorage` in the main process
 * (PRODUCT.md, "Stories and Jira"). Only the base64 ciphertext ever leaves this module; the
 * caller persists it. Where `safeStorage` would fall back to its `basic_text` backend (Linux
 * without a keyring: the "encryption" is a hard-coded key) or offers nothing at all, storing is
 * refused with an explanation instead of pretending the token is protected.
 *
 * Nothing here imports `electron`: the composition root passes `safeStorage` in, so tests need
 * no Electron and no mock of it.
 */
import { IpcFailure } from '../../../shared/ipc/envelope';

/** The part of Electron's `safeStorage` this module uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text`, `gnome_libsecret`, `kwallet`, `kwallet5`, `kwallet6` or `unknown`. */
  getSelectedStorageBackend?(): string;
}

/**
 * `available`: a real keychain protects the key. `basic-text`: Linux without a keyring, refused.
 * `unavailable`: no encryption at all (or asked before the app was ready), refused.
 */
export type SecretStorageStatus = 'available' | 'basic-text' | 'unavailable';

/** Encrypts and decrypts secrets; the caller keeps the ciphertext (never the secret). */
export interface SecretStore {
  /** Whether secrets can be kept on this computer now. */
  status(): SecretStorageStatus;
  /** A sentence for the person when `status()` is not `available`; `null` when it is. */
  explanation(): string | null;
  /**
   * Encrypts `secret`.
   *
   * @returns the ciphertext, base64
   * @throws IpcFailure `secrets-unavailable` where only `basic_text` or nothing exists
   */
  seal(secret: string): string;
  /**
   * Decrypts what `seal` returned.
   *
   * @returns the secret, or `null` when it cannot be decrypted (another user, keyring reset)
   */
  open(ciphertext: string): string | null;
}

/** Linux backends that are a real keychain (anything else is refused). */
const KEYRING_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

const BASIC_TEXT_EXPLANATION =
  'This computer has no keyring for Gatehouse to keep the Jira token in (Electron would only ' +
  'obfuscate it with a fixed key). Install and unlock GNOME Keyring (gnome-keyring, with ' +
  'libsecret) or KWallet, then restart Gatehouse.';
const UNAVAILABLE_EXPLANATION =
  'This computer offers no encrypted storage for secrets, so the Jira token cannot be kept. ' +
  'On Linux, install and unlock GNOME Keyring (gnome-keyring, with libsecret) or KWallet, then ' +
  'restart Gatehouse.';

/** A `SecretStore` over Electron's `safeStorage` (or a stand-in with the same methods). */
export function createSecretStore(safeStorage: SafeStorageLike): SecretStore {
  const status = (): SecretStorageStatus => {
    if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
    const backend = safeStorage.getSelectedStorageBackend?.();
    // Only Linux has the method; elsewhere available encryption is the OS keychain.
    if (backend === undefined) return 'available';
    if (backend === 'basic_text') return 'basic-text';
    return KEYRING_BACKENDS.has(backend) ? 'available' : 'unavailable';
  };
  const explanation = (): string | null => {
    const current = status();
    if (current === 'available') return null;
    return current === 'basic-text' ? BASIC_TEXT_EXPLANATION : UNAVAILABLE_EXPLANATION;
  };
  return {
    status,
    explanation,
    seal(secret) {
      const refusal = explanation();
      if (refusal !== null) throw new IpcFailure('secrets-unavailable', refusal);
      return safeStorage.encryptString(secret).toString('base64');
    },
    open(ciphertext) {
      if (status() !== 'available') return null;
      try {
        return safeStorage.decryptString(Buffer.from(ciphertext, 'base64'));
      } catch {
        // Encrypted under another user or a keyring since reset: the person enters it again.
        return null;
      }
    },
  };
}
