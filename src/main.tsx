import '@shared/zod';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { Bootstrap } from './app/Bootstrap';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <Bootstrap />
  </StrictMode>,
);
