/**
 * The app: theme and notifications, then either the start screen or the workspace of the open
 * model. Opening, saving and autosaving live here; the workspace only edits.
 */
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@xyflow/react/dist/style.css';
import '../styles/app.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import {
  detectForeignFormat,
  importableExtensions,
  importForeignFile,
} from '../../shared/import/importFile';
import type { MenuCommandEvent } from '../../shared/ipc/appChannels';
import { serializeModel } from '../../shared/model/canonical';
import { createBlankModel } from '../../shared/model/edit/blankModel';
import { parseModel } from '../../shared/model/parseModel';
import type { Model } from '../../shared/model/schema';
import { STARTER_TEMPLATES, type StarterTemplate } from '../../shared/templates/starterTemplates';
import { AnalysisContext } from '../analysis/AnalysisContext';
import { createLiveAnalysis } from '../analysis/liveAnalysis';
import { EditorStoreContext } from '../editor/EditorContext';
import { createEditorStore, documentSettled, type EditorStore } from '../editor/editorStore';
import { newId } from '../editor/newId';
import { layoutDiagram, needsLayout } from '../layout/autoLayout';
import { createAutosaver, flushOnPageHide } from '../persistence/autosave';
import { GatehouseDatabase } from '../persistence/database';
import {
  deleteDocument,
  listRecentDocuments,
  loadDocument,
  markSaved,
  saveDraft,
  type DocumentSummary,
  type Draft,
} from '../persistence/documentStore';
import { createBrowserPlatform } from '../platform/browserPlatform';
import {
  fileTooLargeError,
  MAX_OPEN_BYTES,
  PlatformError,
  type OpenedFile,
  type Platform,
} from '../platform/platform';
import { recordTrendAfterSave } from '../dashboard/recordTrend';
import { Workspace } from '../workspace/Workspace';
import { createCommandHub, type CommandHub } from './commandHub';
import { ConfirmDialog, type PendingConfirmation } from './ConfirmDialog';
import { ErrorDialog, type ShownError } from './ErrorDialog';
import { ServicesContext } from './ServicesContext';
import { StartScreen } from './StartScreen';
import { gatehouseCssVariables, gatehouseTheme } from './theme';
import { notify } from './notify';

export interface AppServices {
  platform: Platform;
  db: GatehouseDatabase;
}

interface OpenDocument {
  id: string;
  store: EditorStore;
  analysis: ReturnType<typeof createLiveAnalysis>;
  fileName: string | null;
  handle: string | null;
  /** The store revision whose document is in a file; null when it never was saved. */
  savedRevision: number | null;
}

function fileNameFor(model: Model): string {
  const base = model.name
    .trim()
    .replace(/[^A-Za-z0-9._ -]+/g, '')
    .replace(/\s+/g, '-')
    .toLowerCase();
  return `${base || 'model'}.gatehouse.json`;
}

function AppBody({ services }: { services: AppServices }) {
  const { platform, db } = services;
  const [open, setOpen] = useState<OpenDocument | null>(null);
  const [recent, setRecent] = useState<DocumentSummary[]>([]);
  const [shownError, setShownError] = useState<ShownError | null>(null);
  const [confirmation, setConfirmation] = useState<PendingConfirmation | null>(null);
  const commands = useMemo(() => createCommandHub(), []);
  const ask = useCallback(
    (question: Omit<PendingConfirmation, 'onAnswer'>) =>
      new Promise<boolean>((resolve) => setConfirmation({ ...question, onAnswer: resolve })),
    [],
  );

  const autosaver = useMemo(
    () =>
      createAutosaver<Draft>({
        save: (draft) => saveDraft(db, draft),
        onError: (error) =>
          notify({
            color: 'red',
            title: 'Autosave failed',
            message: `Your latest edits are not stored in this browser yet: ${(error as Error).message}`,
          }),
      }),
    [db],
  );
  useEffect(() => flushOnPageHide(autosaver), [autosaver]);

  // The start screen's list, read again whenever it is shown or a model is forgotten.
  const [recentVersion, setRecentVersion] = useState(0);
  useEffect(() => {
    if (open !== null) return;
    let cancelled = false;
    void listRecentDocuments(db).then((list) => {
      if (!cancelled) setRecent(list);
    });
    return () => {
      cancelled = true;
    };
  }, [open, db, recentVersion]);

  // A closed document's analysis stops listening.
  useEffect(() => {
    if (!open) return;
    return () => open.analysis.dispose();
  }, [open]);

  // Autosave: every document change is written within a second.
  useEffect(() => {
    if (!open) return;
    return open.store.subscribe((state, previous) => {
      if (!documentSettled(state, previous)) return;
      autosaver.schedule({
        id: open.id,
        model: state.document,
        fileName: open.fileName,
        handle: open.handle,
      });
    });
  }, [open, autosaver]);

  const openModel = useCallback(
    async (
      model: Model,
      meta: { id?: string; fileName: string | null; handle: string | null; saved: boolean },
    ) => {
      await autosaver.flush();
      const id = meta.id ?? newId('doc');
      // Models from other tools often come without positions: lay those diagrams out once, as
      // the starting point (not an undoable step; the file changes only when it is saved).
      let laidOut = model;
      for (const diagram of model.diagrams)
        if (needsLayout(laidOut, diagram.id)) laidOut = layoutDiagram(laidOut, diagram.id);
      const store = createEditorStore({ document: laidOut });
      const analysis = createLiveAnalysis(store);
      if (meta.id === undefined) {
        await saveDraft(db, { id, model: laidOut, fileName: meta.fileName, handle: meta.handle });
        if (meta.saved && laidOut === model) await markSaved(db, id, serializeModel(model));
      }
      setOpen({
        id,
        store,
        analysis,
        fileName: meta.fileName,
        handle: meta.handle,
        // A layout on open is a change the file does not have yet.
        savedRevision: meta.saved && laidOut === model ? 0 : null,
      });
    },
    [autosaver, db],
  );

  /** Opens what the host read; a broken file leaves the open document as it was. */
  const openFromHost = useCallback(
    async (read: () => Promise<OpenedFile | null>) => {
      let name = 'the file';
      try {
        const file = await read();
        if (!file) return;
        name = file.name;
        const { model } = parseModel(file.text);
        await openModel(model, { fileName: file.name, handle: file.handle, saved: true });
      } catch (error) {
        setShownError({ title: `Could not open ${name}`, error });
      }
    },
    [openModel],
  );
  const openFile = useCallback(
    () => openFromHost(() => platform.openModelFile()),
    [platform, openFromHost],
  );

  /**
   * Opens text that came from outside (an import, a dropped file) as an untitled model: it has
   * no file of its own until it is saved. Foreign formats are detected from the content.
   */
  const openUntitled = useCallback(
    async (file: { name: string; text: string }) => {
      try {
        let model: Model;
        // A Gatehouse model opens as itself; anything else goes to the importers, which name the
        // formats they read when none of them recognises the file.
        const isGatehouseModel =
          !detectForeignFormat(file.text) &&
          /"format"\s*:\s*"gatehouse-model"/.test(file.text.slice(0, 4096));
        if (!isGatehouseModel) {
          const { model: imported, report } = importForeignFile(file.text, file.name);
          model = imported;
          notify({
            title: `Imported ${file.name}`,
            message: `${report.counts.elements} elements, ${report.counts.flows} flows, ${report.counts.threats} threats; ${report.unmapped.length} items could not be mapped.`,
          });
        } else {
          model = parseModel(file.text).model;
        }
        await openModel(model, { fileName: null, handle: null, saved: false });
      } catch (error) {
        setShownError({ title: `Could not open ${file.name}`, error });
      }
    },
    [openModel],
  );
  const importFile = useCallback(async () => {
    try {
      const file = await platform.importFile(importableExtensions());
      if (file) await openUntitled(file);
    } catch (error) {
      setShownError({ title: 'Could not import', error });
    }
  }, [platform, openUntitled]);

  /** Saves the open model; resolves true when it is in a file afterwards. */
  const save = useCallback(
    async (options: { as?: boolean } = {}): Promise<boolean> => {
      if (!open) return false;
      const { document, revision } = open.store.getState();
      const text = serializeModel(document);
      const attempt = async (handle: string | null, overwrite: boolean): Promise<boolean> => {
        try {
          const saved = await platform.saveModelFile({
            suggestedName: open.fileName ?? fileNameFor(document),
            text,
            handle,
            overwrite,
          });
          if (!saved) return false;
          await autosaver.flush();
          await markSaved(db, open.id, text, { fileName: saved.name, handle: saved.handle });
          await recordTrendAfterSave(db, open.id, document, open.analysis.getState().snapshot);
          setOpen((current) =>
            current && current.id === open.id
              ? { ...current, fileName: saved.name, handle: saved.handle, savedRevision: revision }
              : current,
          );
          notify({
            title: platform.kind === 'browser' ? 'Downloaded' : 'Saved',
            message: saved.name,
          });
          return true;
        } catch (error) {
          if (error instanceof PlatformError && error.code === 'not-granted' && handle !== null) {
            // The file's handle is from an earlier session (a restored model): ask where to save.
            return attempt(null, false);
          }
          if (error instanceof PlatformError && error.code === 'changed-on-disk' && !overwrite) {
            const confirmed = await ask({
              title: 'The file changed on disk',
              message: `${error.message} Saving now replaces those changes with yours (a backup of the file on disk is kept).`,
              confirmLabel: 'Overwrite',
            });
            return confirmed ? attempt(handle, true) : false;
          }
          setShownError({ title: 'Could not save', error });
          return false;
        }
      };
      return attempt(options.as ? null : open.handle, false);
    },
    [open, platform, db, autosaver, ask],
  );

  const close = useCallback(async () => {
    await autosaver.flush();
    setOpen(null);
  }, [autosaver]);

  const openRecent = useCallback(
    async (id: string) => {
      try {
        const loaded = await loadDocument(db, id);
        if (!loaded) return;
        await openModel(loaded.model, {
          id,
          fileName: loaded.fileName,
          handle: loaded.handle,
          saved: !loaded.hasUnsavedChanges,
        });
      } catch (error) {
        setShownError({ title: 'Could not restore this model', error });
      }
    },
    [db, openModel],
  );

  // A model file dropped anywhere on the window opens as untitled: the page reads its content;
  // the desktop shell never navigates to it (`navigateOnDragDrop: false`).
  useEffect(() => {
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (event: DragEvent) => {
      if (hasFiles(event)) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      if (file.size > MAX_OPEN_BYTES) {
        setShownError({
          title: `Could not open ${file.name}`,
          error: fileTooLargeError(file.name, file.size),
        });
        return;
      }
      void file.text().then(
        (text) => openUntitled({ name: file.name, text }),
        (error: unknown) => setShownError({ title: `Could not open ${file.name}`, error }),
      );
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [openUntitled]);

  // The desktop menus: file commands here, editor commands to the workspace.
  const latest = useRef({
    openFile,
    openFromHost,
    importFile,
    save,
    openModel,
    platform,
    commands,
  });
  useEffect(() => {
    latest.current = { openFile, openFromHost, importFile, save, openModel, platform, commands };
  });
  useEffect(() => {
    const desktop = platform.desktop;
    if (!desktop) return;
    const stop = desktop.on('menu:command', (event: MenuCommandEvent) => {
      runMenuCommand(event, latest.current, desktop).catch((error: unknown) =>
        setShownError({ title: 'The command failed', error }),
      );
    });
    // Listening now: main sends what it held back (a file the OS asked to open).
    desktop.call('window:ready', {}).catch(ignore);
    return stop;
  }, [platform]);

  return (
    <>
      {open ? (
        <EditorStoreContext.Provider value={open.store} key={open.id}>
          <AnalysisContext.Provider value={open.analysis}>
            <ServicesContext.Provider
              value={{ platform, db, documentId: open.id, fileName: open.fileName }}
            >
              <OpenWorkspace
                open={open}
                saveLabel={platform.saveLabel}
                onOpen={openFile}
                onSave={() => void save()}
                onClose={close}
                commands={platform.desktop ? commands : undefined}
                platform={platform}
              />
            </ServicesContext.Provider>
          </AnalysisContext.Provider>
        </EditorStoreContext.Provider>
      ) : (
        <StartScreen
          recent={recent}
          templates={STARTER_TEMPLATES}
          onNew={() =>
            openModel(createBlankModel(), { fileName: null, handle: null, saved: false }).catch(
              (error: unknown) => setShownError({ title: 'Could not start a model', error }),
            )
          }
          onTemplate={(template: StarterTemplate) =>
            openModel(template.build(), { fileName: null, handle: null, saved: false }).catch(
              (error: unknown) => setShownError({ title: 'Could not start a model', error }),
            )
          }
          onOpenFile={openFile}
          onImport={() => void importFile()}
          onOpenRecent={openRecent}
          onForget={(id) => void deleteDocument(db, id).then(() => setRecentVersion((v) => v + 1))}
        />
      )}
      <ErrorDialog shown={shownError} onClose={() => setShownError(null)} />
      <ConfirmDialog pending={confirmation} onClose={() => setConfirmation(null)} />
    </>
  );
}

/**
 * For calls whose failure changes nothing the person could act on (the title bar's text): the
 * shell logs its own errors.
 */
function ignore(): void {}

/** What `runMenuCommand` needs of the app, read at the time the command arrives. */
interface MenuTargets {
  openFile(): Promise<void>;
  openFromHost(read: () => Promise<OpenedFile | null>): Promise<void>;
  importFile(): Promise<void>;
  save(options?: { as?: boolean }): Promise<boolean>;
  openModel(model: Model, meta: { fileName: null; handle: null; saved: false }): Promise<void>;
  platform: Platform;
  commands: CommandHub;
}

async function runMenuCommand(
  event: MenuCommandEvent,
  app: MenuTargets,
  desktop: NonNullable<Platform['desktop']>,
): Promise<void> {
  switch (event.command) {
    case 'new':
      // The open model stays in the recent list (autosaved), so nothing is lost by starting anew.
      return app.openModel(createBlankModel(), { fileName: null, handle: null, saved: false });
    case 'open':
      return app.openFile();
    case 'openRecent': {
      const { recentId } = event;
      const openRecent = app.platform.openRecentFile;
      if (recentId && openRecent) return app.openFromHost(() => openRecent(recentId));
      return;
    }
    case 'save':
      await app.save();
      return;
    case 'saveAs':
      await app.save({ as: true });
      return;
    case 'saveAndClose':
      if (await app.save()) await desktop.call('window:close', {});
      return;
    case 'import':
      return app.importFile();
    default:
      app.commands.emit(event.command);
  }
}

function OpenWorkspace(props: {
  open: OpenDocument;
  saveLabel: string;
  onOpen(): void;
  onSave(): void;
  onClose(): void;
  commands: CommandHub | undefined;
  platform: Platform;
}) {
  // A boolean, not the revision: the workspace must not re-render on every drag frame.
  const savedRevision = props.open.savedRevision;
  const hasUnsavedChanges = useStore(props.open.store, (s) => savedRevision !== s.revision);
  const modelName = useStore(props.open.store, (s) => s.document.name);
  const title = props.open.fileName ?? `${modelName || 'Untitled'} (not saved)`;
  // The desktop title bar and the close prompt follow the document.
  const desktop = props.platform.desktop;
  useEffect(() => {
    void desktop
      ?.call('app:setDocumentState', { title: title.slice(0, 200), dirty: hasUnsavedChanges })
      .catch(ignore);
  }, [desktop, title, hasUnsavedChanges]);
  useEffect(() => {
    if (!desktop) return;
    return () =>
      void desktop.call('app:setDocumentState', { title: '', dirty: false }).catch(ignore);
  }, [desktop]);
  return (
    <Workspace
      saveLabel={props.saveLabel}
      hasUnsavedChanges={hasUnsavedChanges}
      onOpen={props.onOpen}
      onSave={props.onSave}
      onClose={props.onClose}
      commands={props.commands}
    />
  );
}

export function App({ services }: { services?: AppServices }) {
  const resolved = useMemo(
    () => services ?? { platform: createBrowserPlatform(), db: new GatehouseDatabase() },
    [services],
  );
  return (
    <MantineProvider
      theme={gatehouseTheme}
      cssVariablesResolver={gatehouseCssVariables}
      defaultColorScheme="auto"
    >
      <Notifications position="bottom-right" />
      <AppBody services={resolved} />
    </MantineProvider>
  );
}
