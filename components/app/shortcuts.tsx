import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';

/** The keys of a shortcut as key caps: "Alt+Shift+K" → Alt + Shift + K. */
export function KeyCaps({ shortcut }: { shortcut: string }) {
  const keys = shortcut.split('+').filter(Boolean);
  return (
    <span className="ui-keys">
      {keys.map((key, index) => (
        <span key={`${key}-${index}`}>
          {index > 0 ? <span className="ui-keys__plus">+</span> : null}
          <kbd className="ui-kbd">{key}</kbd>
        </span>
      ))}
    </span>
  );
}

/** The popup command's shortcut as the browser has it now (the person may have changed it). */
function usePopupShortcut(): string | null | undefined {
  const [shortcut, setShortcut] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    // Some contexts have no commands API (or throw that it is not implemented): then "Not set".
    type Command = { name?: string; shortcut?: string };
    void new Promise<Command[]>((resolve, reject) => {
      try {
        resolve(browser.commands.getAll());
      } catch (problem) {
        reject(problem);
      }
    })
      .then((commands) => {
        const popup = commands?.find((c) => c.name === '_execute_action' || c.name === '_execute_browser_action');
        if (live) setShortcut(popup?.shortcut || null);
      })
      .catch(() => live && setShortcut(null));
    return () => {
      live = false;
    };
  }, []);
  return shortcut;
}

/** Keyboard shortcuts, listed where people look for settings. */
export function ShortcutList() {
  const shortcut = usePopupShortcut();
  return (
    <dl className="ui-shortcuts">
      <dt>Open the toolbar popup</dt>
      <dd>
        {shortcut ? <KeyCaps shortcut={shortcut} /> : shortcut === null ? <span className="ui-muted">Not set</span> : null}
        <span className="ui-muted ui-small"> Change it in your browser’s extension shortcut settings.</span>
      </dd>
      <dt>Search keys</dt>
      <dd>
        <KeyCaps shortcut="/" />
      </dd>
    </dl>
  );
}
