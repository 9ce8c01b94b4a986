/** A tiny publish/subscribe hub: the app receives menu commands and hands the editor's on. */
import type { WorkspaceCommand, WorkspaceCommandSource } from '../workspace/Workspace';

export interface CommandHub extends WorkspaceCommandSource {
  emit(command: WorkspaceCommand): void;
}

export function createCommandHub(): CommandHub {
  const listeners = new Set<(command: WorkspaceCommand) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(command) {
      for (const listener of listeners) listener(command);
    },
  };
}
