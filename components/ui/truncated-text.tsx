/**
 * One line of user-chosen text (a key name, up to 64 characters) that must never widen its row:
 * cut short with an ellipsis where it does not fit. The full text stays in the DOM, so screen
 * readers and find-in-page get all of it, and in the tooltip for a pointer.
 */
export function TruncatedText({ text, className }: { text: string; className?: string }) {
  return (
    <span className={className ? `ui-truncate ${className}` : 'ui-truncate'} title={text}>
      {text}
    </span>
  );
}
