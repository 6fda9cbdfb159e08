import { STORAGE } from '../../storage/catalogue';
import { defineSealedStorageItem } from '../../vault/background/sealed-item';

/**
 * The tester history's one sealed blob in storage.local (or nothing); versioned like every stored
 * item. Written only by the history (history.ts, in the background's lazy script); the core worker
 * reads it to decide whether a deleted key left history behind (history-retention.ts).
 */
export const historyItem = defineSealedStorageItem(STORAGE.testerHistory);
