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
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
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
import type { Platform } from '../platform/platform';
import { Workspace } from '../workspace/Workspace';
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

  const openFile = useCallback(async () => {
    let name = 'the file';
    try {
      const file = await platform.openModelFile();
      if (!file) return;
      name = file.name;
      const { model } = parseModel(file.text);
      await openModel(model, { fileName: file.name, handle: file.handle, saved: true });
    } catch (error) {
      setShownError({ title: `Could not open ${name}`, error });
    }
  }, [platform, openModel]);

  const save = useCallback(async () => {
    if (!open) return;
    const { document, revision } = open.store.getState();
    const text = serializeModel(document);
    try {
      const saved = await platform.saveModelFile({
        suggestedName: open.fileName ?? fileNameFor(document),
        text,
        handle: open.handle,
      });
      if (!saved) return;
      await autosaver.flush();
      await markSaved(db, open.id, text, { fileName: saved.name, handle: saved.handle });
      setOpen((current) =>
        current && current.id === open.id
          ? { ...current, fileName: saved.name, handle: saved.handle, savedRevision: revision }
          : current,
      );
      notify({
        title: platform.kind === 'browser' ? 'Downloaded' : 'Saved',
        message: saved.name,
      });
    } catch (error) {
      setShownError({ title: 'Could not save', error });
    }
  }, [open, platform, db, autosaver]);

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
                onSave={save}
                onClose={close}
              />
            </ServicesContext.Provider>
          </AnalysisContext.Provider>
        </EditorStoreContext.Provider>
      ) : (
        <StartScreen
          recent={recent}
          templates={STARTER_TEMPLATES}
          onNew={() =>
            void openModel(createBlankModel(), { fileName: null, handle: null, saved: false })
          }
          onTemplate={(template: StarterTemplate) =>
            void openModel(template.build(), { fileName: null, handle: null, saved: false })
          }
          onOpenFile={openFile}
          onOpenRecent={openRecent}
          onForget={(id) => void deleteDocument(db, id).then(() => setRecentVersion((v) => v + 1))}
        />
      )}
      <ErrorDialog shown={shownError} onClose={() => setShownError(null)} />
    </>
  );
}

function OpenWorkspace(props: {
  open: OpenDocument;
  saveLabel: string;
  onOpen(): void;
  onSave(): void;
  onClose(): void;
}) {
  // A boolean, not the revision: the workspace must not re-render on every drag frame.
  const savedRevision = props.open.savedRevision;
  const hasUnsavedChanges = useStore(props.open.store, (s) => savedRevision !== s.revision);
  return (
    <Workspace
      saveLabel={props.saveLabel}
      hasUnsavedChanges={hasUnsavedChanges}
      onOpen={props.onOpen}
      onSave={props.onSave}
      onClose={props.onClose}
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
