/**
 * Starter templates offered when a new model is created: complete, laid-out example systems a
 * team edits into its own instead of starting from an empty canvas.
 */
import type { Model } from '../model/schema';
import { microservicesGatewayTemplate } from './microservicesGateway';
import { mobileBackendTemplate } from './mobileBackend';
import { webApplicationTemplate } from './webApplication';

export interface StarterTemplate {
  /** Stable identifier (kebab case); unique among the templates. */
  id: string;
  name: string;
  description: string;
  /**
   * A fresh, valid model with every default filled in and records in canonical order. Each call
   * returns new objects, so the caller may hand the result to an editor without copying it.
   */
  build(): Model;
}

/** The templates in the order they are offered. */
export const STARTER_TEMPLATES: readonly StarterTemplate[] = Object.freeze([
  webApplicationTemplate,
  mobileBackendTemplate,
  microservicesGatewayTemplate,
]);
