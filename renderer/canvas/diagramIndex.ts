/**
 * O(1) lookups into a document by record ID, built once per document version (documents are
 * immutable, so a WeakMap keyed by the document is a cache that can never be stale).
 */
import type { Boundary, Element, Flow, Model } from '../../shared/model/schema';

export interface DocumentIndex {
  elements: Map<string, Element>;
  flows: Map<string, Flow>;
  boundaries: Map<string, Boundary>;
}

const indexes = new WeakMap<Model, DocumentIndex>();

export function documentIndex(document: Model): DocumentIndex {
  let index = indexes.get(document);
  if (!index) {
    index = {
      elements: new Map(document.elements.map((e) => [e.id, e])),
      flows: new Map(document.flows.map((f) => [f.id, f])),
      boundaries: new Map(document.boundaries.map((b) => [b.id, b])),
    };
    indexes.set(document, index);
  }
  return index;
}
