/**
 * A document's custom rule packs. Packs are not part of the model file (the model lists pack IDs
 * and whether they are enabled, not the rules), so the pack files' text is kept per document in
 * this browser's settings (`rule-packs:<documentId>`, removed with the document's draft) and
 * loaded again when the document opens. The CLI takes the same files with `--rules`.
 */
import * as z from 'zod';
import { formatIssue, InputError } from '../../shared/model/errors';
import { loadRulePacks, parseRulePack, type LoadedPacks } from '../../shared/rules/loadPacks';
import type { RulePack } from '../../shared/rules/packSchema';
import { compareRules, type RuleChanges } from '../../shared/rules/packChanges';

/** The settings key of a document's custom packs (ends with `:<id>`, see `deleteDocument`). */
export function customPacksKey(documentId: string): string {
  return `rule-packs:${documentId}`;
}

/** How many custom packs a document may have, and how large each file may be. */
export const MAX_CUSTOM_PACKS = 20;
export const MAX_CUSTOM_PACK_BYTES = 8 * 1024 * 1024;

/** The stored value: each custom pack file's text, in load order. */
export const CustomPackTextsSchema = z
  .array(z.string().max(MAX_CUSTOM_PACK_BYTES))
  .max(MAX_CUSTOM_PACKS);

/** The packs of stored texts, validated together with the built-in pack. */
export function loadCustomPacks(texts: readonly string[]): LoadedPacks {
  return loadRulePacks(texts.map((text) => parseRulePack(text)));
}

/** What adding a pack file did. */
export interface AddedPack {
  texts: string[];
  loaded: LoadedPacks;
  pack: RulePack;
  /** The version it replaced (same pack ID), with the rules that changed; null when new. */
  replaced: { version: string; rules: RuleChanges } | null;
}

/**
 * Adds a pack file to the document's packs: a pack with the ID of a custom pack already loaded
 * replaces it (an upgrade, or a downgrade); the built-in pack cannot be replaced.
 *
 * @throws InputError with the JSON paths of what is wrong; nothing is changed then
 */
export function addCustomPack(texts: readonly string[], text: string): AddedPack {
  // The stored list is validated with these bounds when the document opens again: a pack beyond
  // them must be refused now, or every custom pack would fail to load next time.
  if (text.length > MAX_CUSTOM_PACK_BYTES)
    throw new InputError(
      `The rule pack file is too large (${text.length} characters; the limit is ${MAX_CUSTOM_PACK_BYTES}).`,
    );
  const pack = parseRulePack(text);
  const current = texts.map((existing) => parseRulePack(existing));
  const index = current.findIndex((existing) => existing.id === pack.id);
  if (index === -1 && texts.length >= MAX_CUSTOM_PACKS)
    throw new InputError(
      `A model can have at most ${MAX_CUSTOM_PACKS} custom rule packs; remove one before loading "${pack.id}".`,
    );
  const nextTexts = [...texts];
  if (index === -1) nextTexts.push(text);
  else nextTexts[index] = text;
  const loaded = loadRulePacks(
    index === -1 ? [...current, pack] : current.map((p, i) => (i === index ? pack : p)),
  );
  const previous = index === -1 ? undefined : current[index];
  return {
    texts: nextTexts,
    loaded,
    pack,
    replaced: previous ? { version: previous.version, rules: compareRules(previous, pack) } : null,
  };
}

/** The document's packs without the custom pack `packId`. */
export function removeCustomPack(
  texts: readonly string[],
  packId: string,
): { texts: string[]; loaded: LoadedPacks } {
  const kept = texts.filter((text) => parseRulePack(text).id !== packId);
  return { texts: kept, loaded: loadCustomPacks(kept) };
}

/** The problems of a refused pack file, one line each (`$.rules[0].condition.kind: …`). */
export function packProblems(error: unknown): { summary: string; issues: string[] } {
  if (error instanceof InputError)
    return {
      summary: error.summary,
      issues: error.issues.map(formatIssue),
    };
  throw error;
}
