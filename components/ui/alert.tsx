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

/**
 * A normal state that is not a failure ("Signed out", "Not a Kaneo tab"): neutral, titled, with
 * the next step as its actions. Red is kept for failures.
 */
export function Notice({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-label={title} className="ui-callout ui-callout--neutral ui-notice">
      <strong className="ui-callout__title">{title}</strong>
      <div>{children}</div>
      {actions ? <div className="ui-row ui-notice__actions">{actions}</div> : null}
    </section>
  );
}
