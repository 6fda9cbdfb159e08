import { defineBackground } from 'wxt/utils/define-background';

// Every listener is registered synchronously in the first turn: an MV3 service worker is woken
// by the very message it must not miss. Each concern registers its own handlers.
export default defineBackground(() => {
});
