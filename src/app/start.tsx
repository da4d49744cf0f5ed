import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Bootstrap } from './Bootstrap';
import { preloadRoutePages } from './routeTable';
import { routes } from './routes';

/** Every page but sign-in: the React app (chosen by src/main.ts). */
export function startApp(root: HTMLElement): void {
  preloadRoutePages(routes, window.location.pathname);
  createRoot(root).render(
    <StrictMode>
      <Bootstrap />
    </StrictMode>,
  );
}
