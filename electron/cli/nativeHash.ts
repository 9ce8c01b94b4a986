/**
 * SHA-256 from `node:crypto` for the CLI. `shared/` hashes in pure JavaScript (it also runs in
 * the renderer); on Node the native one is several times faster — the gate hashes a 1 MB
 * canonical model and thousands of threat IDs on every run, within a 300 ms budget.
 */
import { hash } from 'node:crypto';
import { useSha256Implementation } from '../../shared/util/sha256';

/**
 * Lower-case hex SHA-256 of the UTF-8 encoding of `text` (`crypto.hash`, Node ≥ 20.12: one call
 * instead of `createHash().update().digest()`, which costs more than the hashing on short IDs).
 */
export function nodeSha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** Makes every SHA-256 in `shared/` use Node's. Same digests: see `nativeHash.test.ts`. */
export function useNodeSha256(): void {
  useSha256Implementation(nodeSha256Hex);
}
