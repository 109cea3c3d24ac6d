/** Drop a DeepSeek-V2 model (config.json, model.safetensors, tokenizer.json) anywhere on the page to load it. */
import { useEffect, useState } from 'react';
import { S } from '../strings';

export interface ModelDropProps {
  /** receives the dropped files' contents. */
  onFiles: (files: { name: string; buffer: ArrayBuffer }[]) => void;
}

export function ModelDrop({ onFiles }: ModelDropProps) {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = async (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      onFiles(await Promise.all(files.map(async (f) => ({ name: f.name, buffer: await f.arrayBuffer() }))));
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [onFiles]);
  return over ? (
    <div className="drop-overlay" aria-hidden="true">
      {S.drop.overlay}
    </div>
  ) : null;
}
