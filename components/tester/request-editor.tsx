import { Button } from '@/components/ui/button';
import { IconButton } from '@/components/ui/icon-button';
import { Select } from '@/components/ui/select';
import { TextArea, TextField } from '@/components/ui/text-field';
import { httpMethodSchema, type HttpMethod } from '@/lib/request/http-request';
import type { Operation } from '@/lib/openapi/catalog';
import { METHODS_WITHOUT_BODY, type DraftErrors, type RequestDraft } from '@/lib/tester/request-draft';
import { LookupPicker } from './lookup-picker';

const METHOD_OPTIONS = httpMethodSchema.options.map((m) => ({ value: m, label: m }));

export interface ParamValues {
  path: Record<string, string>;
  query: Record<string, string>;
}

/** Method, path, the picked endpoint's parameters, headers and JSON body. */
export function RequestEditor({
  keyId,
  apiBaseUrl,
  draft,
  errors,
  operation,
  params,
  resolvedUrl,
  onDraft,
  onParam,
}: {
  keyId: string;
  apiBaseUrl: string;
  draft: RequestDraft;
  errors: DraftErrors;
  operation: Operation | null;
  params: ParamValues;
  resolvedUrl: string | null;
  onDraft: (patch: Partial<RequestDraft>) => void;
  onParam: (where: 'path' | 'query', name: string, value: string) => void;
}) {
  const takesBody = !METHODS_WITHOUT_BODY.includes(draft.method);
  const workspaceId = params.path.workspaceId ?? params.query.workspaceId ?? '';
  const lookupFor = (name: string) =>
    name === 'workspaceId' ? 'workspaces' : name === 'projectId' ? 'projects' : null;

  const paramField = (where: 'path' | 'query', p: Operation['pathParams'][number]) => {
    const lookup = lookupFor(p.name);
    const value = params[where][p.name] ?? '';
    return (
      <div key={`${where}-${p.name}`} className="tester-param">
        {p.choices.length > 0 ? (
          <Select
            label={`${p.name}${p.required ? ' (required)' : ''}`}
            value={value}
            options={[{ value: '', label: '—' }, ...p.choices.map((c) => ({ value: c, label: c }))]}
            onChange={(v) => onParam(where, p.name, v)}
          />
        ) : (
          <TextField
            label={`${p.name}${p.required ? ' (required)' : ''}`}
            hint={p.description || undefined}
            value={value}
            required={p.required}
            onChange={(event) => onParam(where, p.name, event.target.value)}
          />
        )}
        {lookup ? (
          <LookupPicker
            keyId={keyId}
            apiBaseUrl={apiBaseUrl}
            kind={lookup}
            workspaceId={workspaceId}
            value={value}
            onPick={(id) => onParam(where, p.name, id)}
          />
        ) : null}
      </div>
    );
  };

  return (
    <section className="tester-editor ui-stack" aria-label="Request">
      <div className="tester-editor__line">
        <Select<HttpMethod>
          label="Method"
          value={draft.method}
          options={METHOD_OPTIONS}
          onChange={(method) => onDraft({ method })}
          className="tester-editor__method"
        />
        <TextField
          label="Path"
          hint={
            /\{[^}/]+\}/.test(draft.path)
              ? `Fill in ${[...draft.path.matchAll(/\{([^}/]+)\}/g)].map((m) => m[1]).join(', ')} below.`
              : resolvedUrl
                ? `Sends to ${resolvedUrl}`
                : 'Relative to the key’s API, e.g. /project?workspaceId=…'
          }
          value={draft.path}
          error={errors.path}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => onDraft({ path: event.target.value })}
          className="tester-grow"
        />
      </div>

      {operation && (operation.pathParams.length > 0 || operation.queryParams.length > 0) ? (
        <fieldset className="tester-params">
          <legend>Parameters of {operation.id}</legend>
          {operation.pathParams.map((p) => paramField('path', p))}
          {operation.queryParams.map((p) => paramField('query', p))}
        </fieldset>
      ) : null}

      <fieldset className="tester-headers">
        <legend>Headers</legend>
        <p className="ui-small ui-muted">The key is added as Authorization: Bearer by the extension; don’t add it here.</p>
        {draft.headers.map((header, index) => (
          <div key={index} className="tester-headers__row">
            <TextField
              label={`Header ${index + 1} name`}
              hideLabel
              placeholder="Name"
              value={header.name}
              error={errors.headers?.[index]}
              onChange={(event) =>
                onDraft({ headers: draft.headers.map((h, i) => (i === index ? { ...h, name: event.target.value } : h)) })
              }
            />
            <TextField
              label={`Header ${index + 1} value`}
              hideLabel
              placeholder="Value"
              value={header.value}
              onChange={(event) =>
                onDraft({ headers: draft.headers.map((h, i) => (i === index ? { ...h, value: event.target.value } : h)) })
              }
            />
            <IconButton
              label={`Remove header ${index + 1}`}
              icon={<span aria-hidden="true">×</span>}
              onClick={() => onDraft({ headers: draft.headers.filter((_, i) => i !== index) })}
            />
          </div>
        ))}
        <Button size="sm" onClick={() => onDraft({ headers: [...draft.headers, { name: '', value: '' }] })}>
          Add header
        </Button>
      </fieldset>

      {takesBody ? (
        <TextArea
          label="Body (JSON)"
          rows={8}
          spellCheck={false}
          value={draft.body}
          error={errors.body}
          hint={operation?.bodyRequired ? 'This endpoint requires a body.' : undefined}
          onChange={(event) => onDraft({ body: event.target.value })}
          className="tester-body-editor"
        />
      ) : null}
    </section>
  );
}
