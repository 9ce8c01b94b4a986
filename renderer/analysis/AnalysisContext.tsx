/** Gives the workspace the live analysis of the open document. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AnalysisState, AnalysisStore } from './liveAnalysis';

export const AnalysisContext = createContext<AnalysisStore | null>(null);

export function useAnalysisStore(): AnalysisStore {
  const store = useContext(AnalysisContext);
  if (!store) throw new Error('useAnalysis is used outside an open document');
  return store;
}

export function useAnalysis<T>(selector: (state: AnalysisState) => T): T {
  return useStore(useAnalysisStore(), selector);
}
