/**
 * What the page does with a lab's `exported` model: "Save model" zips the folder and hands it to
 * the browser's downloads; "Open in Explore" loads the same files in the app's model worker (as a
 * dropped model loads) and shows the Explore page. A failure is one line in the lab's message.
 */
import { useAppStore } from '../../state/store';
import { S } from '../../strings';
import { downloadFile } from '../../viz/common/exportDom';
import type { ExportedEvent } from '../../worker/messages';
import { filesForExplore, savedFiles, savedFolderName, zipSaved, type SavedRun } from './savedModel';

export function deliverSavedModel(e: ExportedEvent, run: SavedRun, onMessage: (message: string) => void): void {
  try {
    const folder = savedFolderName(run);
    const files = savedFiles(run, e.files);
    if (e.for === 'save') {
      const zip = zipSaved(folder, files);
      downloadFile(
        `${folder}.zip`,
        new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
        'application/zip',
      );
      return;
    }
    const a = useAppStore.getState();
    a.loadModel({ kind: 'files', files: filesForExplore(files), name: folder });
    a.setPage('explore');
  } catch (err) {
    onMessage(S.saveModel.failed((err instanceof Error ? err.message : String(err)).split('\n')[0]));
  }
}
