/**
 * "Stored on this device": what the browser keeps for offline use (the app, each model), with
 * sizes, read when the reader opens it, and a button that removes it all (storage.ts).
 */
import { useState } from 'react';
import { S } from '../strings';
import { formatBytes } from '../viz/common/format';
import { clearStored, groupStored, readStoredFiles, type StoredGroup } from './storage';
import './storagePanel.css';

type Shown =
  | { state: 'reading' }
  | { state: 'read'; groups: StoredGroup[]; quota: { usage: number; quota: number } | null }
  | { state: 'cleared'; bytes: number }
  | { state: 'failed'; why: string };

const base = () => new URL(import.meta.env.BASE_URL, location.href).href;
const total = (groups: StoredGroup[], key: 'files' | 'bytes') => groups.reduce((n, g) => n + g[key], 0);
const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function estimate(): Promise<{ usage: number; quota: number } | null> {
  const e = await navigator.storage?.estimate?.().catch(() => null);
  return e && e.usage !== undefined && e.quota ? { usage: e.usage, quota: e.quota } : null;
}

export function StoragePanel() {
  const [shown, setShown] = useState<Shown>({ state: 'reading' });
  const read = () => {
    setShown({ state: 'reading' });
    Promise.all([readStoredFiles(base()), estimate()])
      .then(([files, quota]) => setShown({ state: 'read', groups: groupStored(files), quota }))
      .catch((e: unknown) => setShown({ state: 'failed', why: why(e) }));
  };
  // the Remove button shows only once the inventory is read: its total is what is removed
  const clear = (bytes: number) => {
    if (!window.confirm(S.storage.confirm)) return;
    clearStored()
      .then(() => setShown({ state: 'cleared', bytes }))
      .catch((e: unknown) => setShown({ state: 'failed', why: why(e) }));
  };
  return (
    <details className="storage-panel" onToggle={(e) => e.currentTarget.open && read()}>
      <summary>{S.storage.summary}</summary>
      <p className="muted">{S.storage.intro}</p>
      <div role="status">
        {shown.state === 'reading' && <p className="muted">{S.storage.reading}</p>}
        {shown.state === 'cleared' && <p>{S.storage.cleared(formatBytes(shown.bytes))}</p>}
        {shown.state === 'failed' && <p className="notice error">{S.storage.failed(shown.why)}</p>}
        {shown.state === 'read' && shown.groups.length === 0 && <p className="muted">{S.storage.none}</p>}
      </div>
      {shown.state === 'read' && shown.groups.length > 0 && (
        <>
          <table className="storage-table">
            <caption>{S.storage.caption}</caption>
            <thead>
              <tr>
                {S.storage.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.groups.map((g) => (
                <tr key={`${g.kind}/${g.name}`}>
                  <th scope="row">{g.kind === 'app' ? S.storage.app : S.storage.model(g.name)}</th>
                  <td>{g.files}</td>
                  <td>{formatBytes(g.bytes)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{S.storage.total}</th>
                <td>{total(shown.groups, 'files')}</td>
                <td>{formatBytes(total(shown.groups, 'bytes'))}</td>
              </tr>
            </tfoot>
          </table>
          {shown.quota && (
            <p className="muted">{S.storage.quota(formatBytes(shown.quota.usage), formatBytes(shown.quota.quota))}</p>
          )}
          <button onClick={() => clear(total(shown.groups, 'bytes'))}>{S.storage.clear}</button>
        </>
      )}
    </details>
  );
}
