/** The host services (files, storage) and the open document's identity, for the panels. */
import { createContext, useContext } from 'react';
import type { GatehouseDatabase } from '../persistence/database';
import type { Platform } from '../platform/platform';

export interface DocumentServices {
  platform: Platform;
  db: GatehouseDatabase;
  documentId: string;
  /** The model's file name, when it has one: the plan gate names it. */
  fileName: string | null;
}

export const ServicesContext = createContext<DocumentServices | null>(null);

export function useServices(): DocumentServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices is used outside an open document');
  return services;
}
