import type { ReactNode } from 'react';

/**
 * An error said plainly. `role="alert"` makes screen readers announce it as soon as it appears;
 * render it only while there is something to say.
 */
export function ErrorMessage({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <div role="alert" className="ui-callout ui-callout--danger">
      {title ? <strong className="ui-callout__title">{title}</strong> : null}
      <div>{children}</div>
    </div>
  );
}

/** A neutral or warning note that is part of the page, not an event. */
export function Callout({
  children,
  title,
  tone = 'neutral',
}: {
  children: ReactNode;
  title?: string;
  tone?: 'neutral' | 'warning' | 'success';
}) {
  return (
    <div className={`ui-callout ui-callout--${tone}`}>
      {title ? <strong className="ui-callout__title">{title}</strong> : null}
      <div>{children}</div>
    </div>
  );
}
