/**
 * Shown when the stored vault can't be read. The promise it makes is the vault's invariant:
 * a read never overwrites the stored bytes and no write replaces a vault that failed to decrypt.
 */
export function DamagedVault({ message }: { message: string }) {
  return (
    <div role="alert" className="ui-callout ui-callout--danger damaged-vault">
      <strong className="ui-callout__title">The vault can’t be read</strong>
      <p>{message}</p>
      <p>
        Nothing was overwritten: the stored vault is kept exactly as it is, and the extension will not
        write over it. If you restored or changed the extension’s data, putting the original back makes
        your keys readable again.
      </p>
    </div>
  );
}
