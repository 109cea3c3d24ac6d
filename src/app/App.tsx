/** The TinySeek shell: header with the backend badge, and the area where the model views live. */
import { BackendBadge } from './BackendBadge';
import { useAppStore } from '../state/store';

export function App() {
  const backend = useAppStore((s) => s.backend);
  const error = useAppStore((s) => s.runtimeError);
  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>TinySeek</h1>
          <p className="tagline">See how DeepSeek-V2 works: a small, real model running in your browser.</p>
        </div>
        <BackendBadge status={backend} error={error} />
      </header>
      <main>
        <section className="panel" role="region" aria-label="Model views">
          <h2>Model views</h2>
          <p>
            Multi-head Latent Attention, DeepSeekMoE routing, load balance and GRPO views appear here once the model has
            loaded. The compute backend above is what the model worker will run on.
          </p>
        </section>
      </main>
    </div>
  );
}
