/** Export the run on screen as JSON, or load one back (validated; a bad file gives a one-line message). */
import { useId } from 'react';
import { RUN_FORMAT, checkRunFileSize, readLabRun, type LabPoint, type LabRunFile } from '../../train/lab/labRun';
import type { LabSettings } from '../../train/lab/labSettings';
import { S } from '../../strings';

export interface RunFileProps {
  settings: LabSettings;
  /** the backend the run trained on (for the file). */
  backend: string;
  layers: number[];
  points: LabPoint[];
  onLoad: (run: LabRunFile) => void;
  /** a message for the student (bad file). */
  onError: (message: string) => void;
}

export function RunFile({ settings, backend, layers, points, onLoad, onError }: RunFileProps) {
  const id = useId();
  const exportRun = () => {
    const run: LabRunFile = { format: RUN_FORMAT, version: 1, settings, backend, layers, points };
    const url = URL.createObjectURL(new Blob([JSON.stringify(run)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = S.balanceLab.runFile.fileName(points.length);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const load = async (file: File | undefined) => {
    if (!file) return;
    try {
      checkRunFileSize(file.size); // before reading it
      onLoad(readLabRun(await file.text()));
    } catch (e) {
      onError(S.balanceLab.runFile.bad(file.name, e instanceof Error ? e.message : String(e)));
    }
  };
  return (
    <div className="bl-runfile" role="group" aria-label={S.balanceLab.runFile.group}>
      <button type="button" className="viz-button" onClick={exportRun} disabled={points.length === 0}>
        {S.balanceLab.runFile.export}
      </button>
      <label htmlFor={id} className="bl-inline">
        {S.balanceLab.runFile.load}
      </label>
      <input
        id={id}
        type="file"
        accept="application/json,.json"
        onChange={(e) => {
          void load(e.currentTarget.files?.[0]);
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}
