import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Bootstrap } from './Bootstrap';

/** Every page but sign-in: the React app (chosen by src/main.ts). */
export function startApp(root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <Bootstrap />
    </StrictMode>,
  );
}
