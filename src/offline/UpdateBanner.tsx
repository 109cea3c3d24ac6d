/**
 * "A new version is ready — reload": shown when a new release has installed beside the running
 * one (register.ts), so the page is never swapped under a running session. Reload lets the new
 * release take over and reloads into it; Later hides the offer.
 */
import { useSyncExternalStore } from 'react';
import { S } from '../strings';
import type { ReleaseWatch } from './releaseWatch';
import './updateBanner.css';

export interface UpdateBannerProps {
  /** the page's release watch (`release` from register.ts). */
  watch: ReleaseWatch;
}

export function UpdateBanner({ watch }: UpdateBannerProps) {
  const ready = useSyncExternalStore(watch.subscribe, watch.ready);
  // always in the page, so the offer is announced when it appears
  return (
    <div role="status" className="update-banner-slot">
      {ready && (
        <div className="panel update-banner">
          <p>{S.release.ready}</p>
          <div className="row">
            <button onClick={watch.apply}>{S.release.reload}</button>
            <button onClick={watch.dismiss} aria-label={S.release.laterLabel}>
              {S.release.later}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
