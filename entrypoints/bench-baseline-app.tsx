// Bench builds only: the baseline every page figure of `npm run bench` is divided by — an
// extension page of the same build that renders one React element and does nothing else.
// Bundled on its own (an unlisted script, React included) so that adding this page does not
// change how the popup's and options page's chunks are split.
import { createRoot } from 'react-dom/client';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

export default defineUnlistedScript(() => {
  createRoot(document.getElementById('root')!).render(<p data-bench-baseline="">Baseline</p>);
});
