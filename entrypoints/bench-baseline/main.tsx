// Bench builds only: the baseline every page figure of `npm run bench` is divided by — an
// extension page of the same build that renders one React element and does nothing else.
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<p data-bench-baseline="">Baseline</p>);
