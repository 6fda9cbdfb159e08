/**
 * Small 16-unit stroke icons. Always decorative: the control that holds one carries the name.
 * Each is one empty element whose drawing is a CSS mask (icons.css), filled with the text colour.
 */
import './icons.css';

function Icon({ name }: { name: string }) {
  return <span className={`ui-icon ui-icon--${name}`} aria-hidden="true" />;
}

export function EyeIcon() {
  return <Icon name="eye" />;
}

export function EyeOffIcon() {
  return <Icon name="eye-off" />;
}

export function CopyIcon() {
  return <Icon name="copy" />;
}

export function LockIcon() {
  return <Icon name="lock" />;
}

export function SettingsIcon() {
  return <Icon name="settings" />;
}

export function PlusIcon() {
  return <Icon name="plus" />;
}

export function PencilIcon() {
  return <Icon name="pencil" />;
}

export function TrashIcon() {
  return <Icon name="trash" />;
}

export function SearchIcon() {
  return <Icon name="search" />;
}

export function KeyIcon() {
  return <Icon name="key" />;
}

export function CheckIcon() {
  return <Icon name="check" />;
}
